import type { Contract } from '../../../shared/contracts';
import type { RpcServer } from './rpc-server';

/** The RpcServer over the product's contract. */
export type CoreServer = RpcServer<Contract>;
