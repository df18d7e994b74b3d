// Who this session is (role, transport) and the state of the core (versions, data directory,
// database), from system.status. Read-only mode and the database banner come from here.
import { create } from 'zustand';
import { client, type CallOutput } from '../transport/client';

export type SystemStatus = CallOutput<'system.status'>;

interface SessionState {
  status: SystemStatus | null;
  error: unknown;
  refresh(): Promise<void>;
}

export const useSession = create<SessionState>()((set) => ({
  status: null,
  error: null,
  async refresh() {
    try {
      const status = await client().call('system.status');
      set({ status, error: null });
    } catch (error) {
      set({ error });
    }
  },
}));

/** True in auditor mode: writing actions are disabled (the core refuses them anyway). */
export function useReadOnly(): boolean {
  return useSession((s) => s.status?.caller.role === 'read-only');
}

export const READ_ONLY_HINT = 'This session is read-only (auditor mode)';
