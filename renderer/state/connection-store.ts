// The state of the wire to the core, for the header's indicator and for re-fetching after a drop.
import { create } from 'zustand';
import type { ConnectionState, Transport } from '../transport/transport';

interface ConnectionStore {
  state: ConnectionState;
  kind: Transport['kind'] | null;
  /** Counts reconnections; lists that may have missed live updates re-fetch when it changes. */
  reconnects: number;
}

export const useConnection = create<ConnectionStore>()(() => ({ state: 'connecting', kind: null, reconnects: 0 }));

export function bindConnection(transport: Transport): () => void {
  useConnection.setState({ state: transport.connectionState(), kind: transport.kind });
  let wasDown = false;
  return transport.onConnectionState((state) => {
    const reconnected = state === 'open' && wasDown;
    if (state === 'reconnecting') wasDown = true;
    if (state === 'open') wasDown = false;
    useConnection.setState((s) => ({ state, reconnects: reconnected ? s.reconnects + 1 : s.reconnects }));
  });
}
