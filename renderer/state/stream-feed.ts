// Keeps one subscription alive: when the core ends it with an error (e.g. Docker went away),
// it subscribes again after a growing delay. The transport already handles dropped sockets.
import type { RpcError } from '../../shared/contracts/errors';
import { client, type Input, type StreamName, type StreamValue } from '../transport/client';

export function keepSubscribed<N extends StreamName>(
  name: N,
  input: Input<N> | undefined,
  onValue: (value: StreamValue<N>) => void,
  onError?: (error: RpcError) => void,
): () => void {
  let stop: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let failures = 0;
  const subscribe = () => {
    timer = null;
    stop = client().subscribe(
      name,
      input,
      (value) => {
        failures = 0;
        onValue(value);
      },
      (error) => {
        stop = null;
        if (stopped) return;
        failures += 1;
        onError?.(error);
        timer = setTimeout(subscribe, Math.min(60_000, 1000 * 2 ** failures));
      },
    );
  };
  subscribe();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    stop?.();
  };
}
