// The typed client every page uses: operation names, inputs and outputs come from the one
// contract in shared/contracts, whichever transport carries them.
import type { Contract, OperationName, OpsOfKind } from '../../shared/contracts';
import type { RpcError } from '../../shared/contracts/errors';
import type { InputOf, OutputOf, TaskStarted } from '../../shared/contracts/operation';
import type { PreloadApi } from '../../shared/contracts/ipc-api';
import { IpcTransport } from './ipc-transport';
import type { Transport } from './transport';
import { WebTransport } from './web-transport';

export type StreamName = OpsOfKind<'stream'>;
export type CallName = Exclude<OperationName, StreamName>;
export type TaskName = OpsOfKind<'task'>;

/** A task call returns its id at once; its result arrives later on tasks.updates. */
export type CallOutput<N extends OperationName> = Contract[N]['kind'] extends 'task' ? TaskStarted : OutputOf<Contract[N]>;
export type StreamValue<N extends StreamName> = OutputOf<Contract[N]>;
export type Input<N extends OperationName> = InputOf<Contract[N]>;

/** Operations whose whole input has a default may be called without one. */
export type InputArgs<N extends OperationName> = undefined extends Input<N> ? [input?: Input<N>] : [input: Input<N>];

export interface Client {
  readonly transport: Transport;
  call<N extends CallName>(name: N, ...args: InputArgs<N>): Promise<CallOutput<N>>;
  subscribe<N extends StreamName>(
    name: N,
    input: Input<N> | undefined,
    onValue: (value: StreamValue<N>) => void,
    onError: (error: RpcError) => void,
  ): () => void;
}

export function createClient(transport: Transport): Client {
  return {
    transport,
    call(name, ...args) {
      return transport.call(name, args[0]) as Promise<never>;
    },
    subscribe(name, input, onValue, onError) {
      return transport.subscribe(name, input, onValue as (value: unknown) => void, onError);
    },
  };
}

type VigilWindow = Window & typeof globalThis & { vigil?: PreloadApi };

/** Electron's preload exposes window.vigil; a browser talks to the web host. */
export function chooseTransport(win: VigilWindow): Transport {
  return win.vigil ? new IpcTransport(win.vigil) : WebTransport.fromWindow(win);
}

let current: Client | null = null;

/** The page's client, made on first use. */
export function client(): Client {
  current ??= createClient(chooseTransport(window as VigilWindow));
  return current;
}

/** Replaces the page's client (tests, or a transport made elsewhere). */
export function setClient(next: Client | null): void {
  current = next;
}
