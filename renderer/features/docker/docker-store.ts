// The local engine: connection status (docker.status) and change counters fed by
// docker.changes, so the image and container tables refresh when something happens.
import { create } from 'zustand';
import type { DockerChange, DockerStatus } from '../../../shared/model/docker';
import { keepSubscribed } from '../../state/stream-feed';
import { client } from '../../transport/client';

interface DockerState {
  status: DockerStatus | null;
  error: unknown;
  checking: boolean;
  imagesVersion: number;
  containersVersion: number;
  /** refresh: true makes the core look for the engine again instead of answering from its cache. */
  check(refresh?: boolean): Promise<void>;
}

export const useDocker = create<DockerState>()((set) => ({
  status: null,
  error: null,
  checking: false,
  imagesVersion: 0,
  containersVersion: 0,
  async check(refresh = false) {
    set({ checking: true });
    try {
      const status = await client().call('docker.status', { refresh });
      set((s) => {
        // Reconnected: whatever the tables show may be out of date.
        const reconnected = s.status !== null && s.status.state !== 'connected' && status.state === 'connected';
        return {
          status,
          error: null,
          checking: false,
          imagesVersion: reconnected ? s.imagesVersion + 1 : s.imagesVersion,
          containersVersion: reconnected ? s.containersVersion + 1 : s.containersVersion,
        };
      });
    } catch (error) {
      set({ error, checking: false });
    }
  },
}));

export function isConnected(status: DockerStatus | null): boolean {
  return status?.state === 'connected';
}

const COALESCE_MS = 400;

/** Follows docker.changes; bursts (a pull emits many events) become one refresh. Returns stop. */
export function startDockerFeed(): () => void {
  const pending = new Set<DockerChange['kind']>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const kinds = new Set(pending);
    pending.clear();
    useDocker.setState((s) => ({
      imagesVersion: kinds.has('image') || kinds.has('status') ? s.imagesVersion + 1 : s.imagesVersion,
      containersVersion: kinds.has('container') || kinds.has('status') ? s.containersVersion + 1 : s.containersVersion,
    }));
    if (kinds.has('status')) void useDocker.getState().check(false);
  };
  const stop = keepSubscribed('docker.changes', {}, (change) => {
    pending.add(change.kind);
    timer ??= setTimeout(flush, COALESCE_MS);
  });
  void useDocker.getState().check(false);
  return () => {
    if (timer) clearTimeout(timer);
    stop();
  };
}
