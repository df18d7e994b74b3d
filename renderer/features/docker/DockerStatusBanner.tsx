// Says why the local engine cannot be used (state, endpoint, why that endpoint, the reason and
// the fix) and offers to look again. Shows nothing while Docker is connected.
import { ErrorMessage } from '../../components/ErrorMessage';
import { isConnected, useDocker } from './docker-store';
import './docker.css';

const stateLabels: Record<string, string> = {
  connected: 'Connected',
  'not-found': 'No Docker engine found',
  'permission-denied': 'Permission denied',
  unreachable: 'Docker engine unreachable',
  'not-docker': 'Not a Docker engine',
};

export function dockerStateLabel(state: string): string {
  return stateLabels[state] ?? state;
}

export function DockerStatusBanner({ always = false }: { always?: boolean }) {
  const { status, error, checking, check } = useDocker();
  if (error && !status) {
    return <ErrorMessage error={error} onRetry={() => void check(true)} />;
  }
  if (!status) return null;
  if (isConnected(status) && !always) return null;
  const ok = isConnected(status);
  return (
    <div className={ok ? 'docker-banner docker-banner--ok' : 'docker-banner'} role={ok ? 'status' : 'alert'} data-testid="docker-status" data-state={status.state}>
      <div className="docker-banner__head">
        <strong>Docker: {dockerStateLabel(status.state)}</strong>
        <button type="button" className="button button--small" onClick={() => void check(true)} disabled={checking} data-testid="docker-retry">
          {checking ? 'Checking…' : 'Retry'}
        </button>
      </div>
      <dl className="facts">
        <dt>Endpoint</dt>
        <dd className="mono">{status.endpoint ?? 'none'}</dd>
        <dt>Chosen from</dt>
        <dd>{status.source}</dd>
        {status.engine ? (
          <>
            <dt>Engine</dt>
            <dd>
              {status.engine.product} {status.engine.version} (API {status.engine.apiVersion}, {status.engine.os}/{status.engine.arch})
            </dd>
          </>
        ) : null}
        {status.reason ? (
          <>
            <dt>Reason</dt>
            <dd>{status.reason}</dd>
          </>
        ) : null}
        {status.fix ? (
          <>
            <dt>Fix</dt>
            <dd className="docker-banner__fix">{status.fix}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
