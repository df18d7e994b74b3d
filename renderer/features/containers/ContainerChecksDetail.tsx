// #/containers/<id>: one running container's environment check results.
import { useEffect } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format/time';
import { hrefFor } from '../../state/route';
import { useContainerChecks } from './container-checks-store';
import { CheckResultList } from './CheckResultList';

export function ContainerChecksDetail({ containerId }: { containerId: string }) {
  const report = useContainerChecks((s) => s.byId[containerId] ?? Object.values(s.byId).find((r) => r.name === containerId || r.id.startsWith(containerId)));
  const { checkedAt, loading, error, load } = useContainerChecks();
  useEffect(() => {
    if (!checkedAt) void load();
  }, [checkedAt, load]);
  const back = (
    <a href={hrefFor('containers')} className="back-link" data-testid="back-to-containers">
      ← All containers
    </a>
  );
  if (!report) {
    return (
      <div className="page">
        {back}
        {error ? <ErrorMessage error={error} onRetry={() => void load()} /> : loading || !checkedAt ? <p className="muted">Checking…</p> : <p>No running container {containerId}. Only running containers are checked.</p>}
      </div>
    );
  }
  return (
    <div className="page" data-testid="container-detail">
      {back}
      <section className="section">
        <div className="section__head">
          <h2 className="mono">{report.name}</h2>
          <button type="button" className="button" onClick={() => void load()} disabled={loading}>
            {loading ? 'Checking…' : 'Check again'}
          </button>
        </div>
        <dl className="facts">
          <dt>Image</dt>
          <dd className="mono">{report.image}</dd>
          <dt>Container ID</dt>
          <dd className="mono">{report.id}</dd>
          <dt>State</dt>
          <dd>{report.state}</dd>
          <dt>Result</dt>
          <dd data-testid="detail-failed">{report.failed === 0 ? 'every check passed' : `${report.failed} of ${report.results.length} checks failed`}</dd>
          <dt>Checked</dt>
          <dd>{checkedAt ? formatDateTime(checkedAt) : '—'}</dd>
        </dl>
      </section>
      <section className="section">
        <h3>Container environment checks</h3>
        <CheckResultList results={report.results} />
      </section>
    </div>
  );
}
