// The "Checks" cell of a container row: how many environment checks failed, coloured by the
// worst one, linking to the container's results.
import type { LocalContainer } from '../../../shared/model/docker';
import { severityLabels } from '../../components/Severity';
import { hrefFor } from '../../state/route';
import { useContainerChecks } from './container-checks-store';

export function CheckCell({ container }: { container: LocalContainer }) {
  const report = useContainerChecks((s) => s.byId[container.id]);
  const loading = useContainerChecks((s) => s.loading && !s.checkedAt);
  if (container.state !== 'running') return <span className="muted" title="Only running containers are checked">—</span>;
  if (!report) return <span className="muted">{loading ? '…' : '—'}</span>;
  const label = report.failed === 0 ? 'all passed' : `${report.failed} failed`;
  return (
    <a
      href={hrefFor('containers', container.id)}
      className={report.worst ? `sev sev--${report.worst}` : 'sev sev--zero'}
      data-testid="container-checks"
      data-failed={report.failed}
      data-severity={report.worst ?? 'none'}
      title={report.worst ? `${label}, worst: ${severityLabels[report.worst].toLowerCase()}` : label}
    >
      {label}
    </a>
  );
}
