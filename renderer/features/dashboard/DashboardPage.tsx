// The overview: is Docker there, is the database there, what is in the engine, what changed.
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatAge, formatDateTime } from '../../format/time';
import { hrefFor } from '../../state/route';
import { useSession } from '../../state/session-store';
import { useFinishedCount, useTasks } from '../../state/tasks-store';
import { useCall } from '../../state/use-call';
import { client } from '../../transport/client';
import { dockerStateLabel } from '../docker/DockerStatusBanner';
import { isConnected, useDocker } from '../docker/docker-store';
import { CountCard } from './CountCard';
import { ImageSecurity } from './ImageSecurity';
import './dashboard.css';

export function DashboardPage() {
  const docker = useDocker((s) => s.status);
  const dockerError = useDocker((s) => s.error);
  const imagesVersion = useDocker((s) => s.imagesVersion);
  const containersVersion = useDocker((s) => s.containersVersion);
  const status = useSession((s) => s.status);
  const running = useTasks((s) => s.tasks.filter((t) => t.state === 'running').length);
  const finished = useTasks((s) => s.finishedVersion);
  const connected = isConnected(docker);

  const scansFinished = useFinishedCount('images.scan', 'images.scanRepository');
  // Every image Vigil knows: scanned ones from any source, and the engine's when it answers.
  const images = useCall(() => client().call('images.list', { offset: 0, limit: 1 }), [imagesVersion, connected, scansFinished]);
  const containers = useCall(() => client().call('docker.containers.list', { offset: 0, limit: 1, all: true }), [containersVersion, connected]);
  const trail = useCall(() => client().call('trail.list', { offset: 0, limit: 8, sort: { field: 'at', direction: 'desc' } }), [finished]);

  return (
    <div className="page dashboard">
      <div className="cards">
        <div className="card" data-testid="card-docker">
          <h2>Docker</h2>
          {docker ? (
            <>
              <div>
                <span className={connected ? 'pill pill--ok' : 'pill pill--danger'}>{dockerStateLabel(docker.state)}</span>
              </div>
              <div className="mono muted">{docker.endpoint ?? 'no endpoint'}</div>
              {docker.engine ? (
                <div className="muted">
                  {docker.engine.product} {docker.engine.version}
                </div>
              ) : null}
              {!connected && docker.fix ? <div>Fix: {docker.fix}</div> : null}
            </>
          ) : dockerError ? (
            <ErrorMessage error={dockerError} compact />
          ) : (
            <span className="muted">Checking…</span>
          )}
        </div>
        <div className="card" data-testid="card-database">
          <h2>Database</h2>
          {status ? (
            <>
              <div>
                <span className={status.store.state === 'ready' ? 'pill pill--ok' : 'pill pill--danger'}>{status.store.state}</span>
                {status.store.schemaVersion !== null ? <span className="muted"> schema {status.store.schemaVersion}</span> : null}
              </div>
              <div className="mono muted">{status.store.path}</div>
              {status.store.error ? <ErrorMessage error={status.store.error} compact /> : null}
            </>
          ) : (
            <span className="muted">Loading…</span>
          )}
        </div>
        <CountCard title="Images" testId="card-images" state={images} href={hrefFor('images')} />
        <CountCard title="Containers" testId="card-containers" state={containers} href={hrefFor('containers')} />
        <div className="card" data-testid="card-tasks">
          <h2>Tasks</h2>
          <div className="card__value">{running}</div>
          <div className="muted">running now (see the task bar)</div>
        </div>
      </div>

      <ImageSecurity />

      <section className="section" aria-labelledby="recent-title" data-testid="recent-trail">
        <div className="section__head">
          <h2 id="recent-title">Recent changes</h2>
          <a href={hrefFor('trail')} className="card__link">
            Operation trail →
          </a>
        </div>
        {trail.error ? <ErrorMessage error={trail.error} onRetry={trail.reload} /> : null}
        {trail.data && trail.data.rows.length === 0 ? <p className="muted">Nothing has been changed yet.</p> : null}
        {trail.data && trail.data.rows.length ? (
          <ul className="plain-list recent">
            {trail.data.rows.map((entry) => (
              <li key={entry.id} className="recent__item">
                <span className="muted" title={formatDateTime(entry.at)}>
                  {formatAge(entry.at)}
                </span>
                <span className="mono">{entry.operation}</span>
                <span className={`pill pill--${entry.outcome === 'ok' ? 'ok' : entry.outcome === 'failed' ? 'danger' : 'warning'}`}>{entry.outcome}</span>
                <span className="muted">
                  {entry.actor} · {entry.transport}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </div>
  );
}
