// #/docker-host: the Docker daemon Vigil talks to, checked against CIS Docker §2–3 (and 4.5) as
// far as this user can see; items that cannot be evaluated from here say why.
import type { HostCheckResult } from '../../../shared/checks/host-check';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SeverityBadge } from '../../components/Severity';
import { formatDateTime } from '../../format/time';
import { useCall } from '../../state/use-call';
import { client } from '../../transport/client';
import { DockerStatusBanner } from '../docker/DockerStatusBanner';
import { useDocker } from '../docker/docker-store';
import './containers.css';

const statusLabel: Record<HostCheckResult['status'], { text: string; tone: string }> = {
  'evaluated-passed': { text: 'passed', tone: 'ok' },
  'evaluated-failed': { text: 'failed', tone: 'danger' },
  'not-evaluated': { text: 'not evaluated', tone: '' },
};

export function DockerHostPage() {
  const connectedVersion = useDocker((s) => s.status?.state);
  const host = useCall(() => client().call('dockerHost.checks'), [connectedVersion]);
  const data = host.data;
  const count = (status: HostCheckResult['status']) => data?.checks.filter((c) => c.status === status).length ?? 0;
  return (
    <div className="page" data-testid="docker-host">
      <p className="page__intro">
        The Docker daemon Vigil is connected to, checked against the CIS Docker Benchmark v1.6.0 (daemon configuration §2, daemon files §3, content trust 4.5). Vigil reads what the engine reports, the daemon's command line,
        daemon.json and file modes, without root; what it cannot see is marked "not evaluated" with the reason.
      </p>
      <DockerStatusBanner />
      {host.error ? <ErrorMessage error={host.error} onRetry={host.reload} /> : null}
      {!data && !host.error ? <p className="muted">Checking…</p> : null}
      {data ? (
        <section className="section">
          <div className="section__head">
            <div>
              <span className="mono">{data.endpoint ?? '—'}</span>
              <div className="muted" data-testid="host-summary">
                {count('evaluated-failed')} failed · {count('evaluated-passed')} passed · {count('not-evaluated')} not evaluated · checked {formatDateTime(data.checkedAt)}
              </div>
              {data.localReason ? <div className="notice">{data.localReason}</div> : null}
            </div>
            <button type="button" className="button" onClick={host.reload} disabled={host.loading}>
              {host.loading ? 'Checking…' : 'Check again'}
            </button>
          </div>
          <table className="check-table" data-testid="host-checks">
            <thead>
              <tr>
                <th>CIS</th>
                <th>Check</th>
                <th>Status</th>
                <th>Severity</th>
                <th>Evidence or reason</th>
                <th>Source</th>
              </tr>
            </thead>
            <tbody>
              {data.checks.map((c) => (
                <tr key={c.id} data-testid="host-check" data-check={c.id} data-status={c.status}>
                  <td title={`${c.cis.benchmark} ${c.cis.item}: ${c.cis.title}`}>{c.cis.item}</td>
                  <td title={c.cis.title}>{c.title}</td>
                  <td>
                    <span className={`pill pill--${statusLabel[c.status].tone}`}>{statusLabel[c.status].text}</span>
                  </td>
                  <td>{c.status === 'evaluated-failed' ? <SeverityBadge severity={c.severity} /> : <span className="muted">—</span>}</td>
                  <td>
                    {c.reason ? (
                      <span className="muted">{c.reason}</span>
                    ) : (
                      <ul className="check-evidence">
                        {c.evidence.map((line, i) => (
                          <li key={i} className="mono">
                            {line}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="muted">{c.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
