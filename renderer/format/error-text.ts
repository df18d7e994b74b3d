// One readable line for any error a call can produce: "code: message".
import { toRpcError } from '../transport/rpc-result';

export function errorText(error: unknown): string {
  const rpc = toRpcError(error);
  return `${rpc.code}: ${rpc.message}`;
}
