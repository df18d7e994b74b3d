// The session's role and the core's data directory, database and versions (system.status).
import { roleLabels } from '../../../shared/model/role';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useSession } from '../../state/session-store';

export function SessionFacts() {
  const status = useSession((s) => s.status);
  const error = useSession((s) => s.error);
  const refresh = useSession((s) => s.refresh);
  if (!status) return error ? <ErrorMessage error={error} onRetry={() => void refresh()} /> : <p className="muted">Loading…</p>;
  const { store } = status;
  return (
    <>
      <section className="section" aria-labelledby="session-title">
        <h2 id="session-title">Session</h2>
        <dl className="facts">
          <dt>Role</dt>
          <dd data-testid="settings-role">{roleLabels[status.caller.role]} (set when the app or web host was started; not editable here)</dd>
          <dt>Connected through</dt>
          <dd>{status.caller.transport}</dd>
        </dl>
      </section>
      <section className="section" aria-labelledby="data-title">
        <h2 id="data-title">Data</h2>
        <dl className="facts">
          <dt>Data directory</dt>
          <dd className="mono" data-testid="data-dir">
            {status.dataDir}
          </dd>
          <dt>Database</dt>
          <dd data-testid="store-state">
            <span className={store.state === 'ready' ? 'pill pill--ok' : 'pill pill--danger'}>{store.state}</span>{' '}
            <span className="mono">{store.path}</span>
          </dd>
          <dt>Schema version</dt>
          <dd>{store.schemaVersion ?? '—'}</dd>
          {store.error ? (
            <>
              <dt>Error</dt>
              <dd>
                <ErrorMessage error={store.error} compact />
              </dd>
            </>
          ) : null}
          <dt>Version</dt>
          <dd>
            {status.app.name} {status.app.version} · Node {status.runtime.node}
            {status.runtime.electron ? ` · Electron ${status.runtime.electron}` : ''}
            {status.runtime.sqlite ? ` · SQLite ${status.runtime.sqlite}` : ''} · {status.runtime.platform}/{status.runtime.arch}
          </dd>
        </dl>
      </section>
    </>
  );
}
