// The container environment checks of the running containers (containers.checks), by ID, so
// the containers table and the detail view share one answer. Reloaded when Docker reports a
// container change and when the check settings change.
import { create } from 'zustand';
import type { ContainerCheckReport } from '../../../shared/contracts/containers';
import { client } from '../../transport/client';

interface ContainerChecksState {
  byId: Record<string, ContainerCheckReport>;
  checkedAt: string | null;
  loading: boolean;
  error: unknown;
  load(): Promise<void>;
}

let generation = 0;

export const useContainerChecks = create<ContainerChecksState>()((set) => ({
  byId: {},
  checkedAt: null,
  loading: false,
  error: null,
  async load() {
    const mine = ++generation;
    set({ loading: true });
    try {
      const result = await client().call('containers.checks');
      if (mine !== generation) return; // a newer load is on its way
      set({ byId: Object.fromEntries(result.containers.map((c) => [c.id, c])), checkedAt: result.checkedAt, loading: false, error: null });
    } catch (error) {
      if (mine === generation) set({ loading: false, error });
    }
  },
}));
