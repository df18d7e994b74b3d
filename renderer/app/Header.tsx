// The top bar: page title, who the session is (role, read-only badge) and the connection state.
import { roleLabels } from '../../shared/model/role';
import { useConnection } from '../state/connection-store';
import { useSession } from '../state/session-store';

const connectionLabels = { connecting: 'Connecting…', open: 'Live', reconnecting: 'Reconnecting…', closed: 'Disconnected' } as const;

export function Header({ title }: { title: string }) {
  const status = useSession((s) => s.status);
  const sessionError = useSession((s) => s.error);
  const connection = useConnection((s) => s.state);
  const kind = useConnection((s) => s.kind);
  const role = status?.caller.role;
  return (
    <header className="app-header">
      <h1 className="app-header__title">{title}</h1>
      <div className="app-header__meta">
        {kind === 'web' ? (
          <span className={`conn conn--${connection}`} data-testid="connection-state" title="Live updates (tasks, Docker changes) from the Vigil core">
            <span className="conn__dot" aria-hidden="true" />
            {connectionLabels[connection]}
          </span>
        ) : null}
        {role ? (
          <span className="role" data-testid="session-role" data-role={role} title={`Transport: ${status?.caller.transport}`}>
            {roleLabels[role]}
          </span>
        ) : sessionError ? (
          <span className="role role--unknown" data-testid="session-role">
            Role unknown
          </span>
        ) : null}
        {role === 'read-only' ? (
          <span className="badge badge--readonly" data-testid="read-only-badge" title="Nothing that writes to a cluster, Docker or policy can run">
            Read-only
          </span>
        ) : null}
      </div>
    </header>
  );
}
