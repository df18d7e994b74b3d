// Who is asking, as each transport establishes it (token role on the web host, desktop session on IPC).
import type { Role } from '../../../shared/model/role';

export type TransportName = 'ipc' | 'web' | 'cli' | 'internal';

export interface Caller {
  readonly role: Role;
  readonly transport: TransportName;
  /** Recorded in the operation trail: the OS user and, for the web host, the session. */
  readonly actor: string;
}
