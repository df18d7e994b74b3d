// Every check of one container: status, the alert it raises (its catalogue name and English
// label), the CIS Docker Benchmark item, severity and the evidence. Failed checks first.
import type { ContainerCheckResult } from '../../../shared/checks/check-result';
import { severityRank } from '../../../shared/model/severity';
import { SeverityBadge } from '../../components/Severity';

export function CheckResultList({ results }: { results: readonly ContainerCheckResult[] }) {
  const ordered = [...results].sort((a, b) => (a.status === b.status ? severityRank(b.severity) - severityRank(a.severity) : a.status === 'failed' ? -1 : 1));
  return (
    <table className="check-table" data-testid="check-results">
      <thead>
        <tr>
          <th>Status</th>
          <th>Check</th>
          <th>Alert</th>
          <th>CIS</th>
          <th>Severity</th>
          <th>Evidence</th>
        </tr>
      </thead>
      <tbody>
        {ordered.map((r) => (
          <tr key={r.id} data-testid="check-result" data-check={r.id} data-status={r.status}>
            <td>
              <span className={`pill pill--${r.status === 'failed' ? 'danger' : 'ok'}`}>{r.status}</span>
            </td>
            <td>{r.title}</td>
            <td>
              <span lang="zh">{r.alert.name}</span>
              <div className="muted">{r.alert.label}</div>
            </td>
            <td title={r.cis ? `${r.cis.benchmark} ${r.cis.item}: ${r.cis.title}` : 'No benchmark item covers this check'}>{r.cis ? r.cis.item : '—'}</td>
            <td>{r.status === 'failed' ? <SeverityBadge severity={r.severity} /> : <span className="muted">—</span>}</td>
            <td>
              <ul className="check-evidence">
                {r.evidence.map((line, i) => (
                  <li key={i} className="mono">
                    {line}
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
