// Findings by severity across every scanned image, and the images with the most critical and
// high ones. Refreshes when a scan ends, an ignore rule changes, or the engine's images change.
import { ErrorMessage } from '../../components/ErrorMessage';
import { SeverityCounts, severityLabels } from '../../components/Severity';
import { formatAge } from '../../format/time';
import { useFindings } from '../../state/findings-store';
import { hrefFor, imageHref } from '../../state/route';
import { useFinishedCount } from '../../state/tasks-store';
import { useCall } from '../../state/use-call';
import { useDocker } from '../docker/docker-store';
import { loadAllImages, summarize } from './security-summary';

const shown = ['critical', 'high', 'medium', 'low', 'negligible', 'unknown'] as const;

export function ImageSecurity() {
  const scans = useFinishedCount('images.scan', 'images.scanRepository');
  const findings = useFindings((s) => s.version);
  const docker = useDocker((s) => s.imagesVersion);
  const state = useCall(() => loadAllImages().then((rows) => summarize(rows)), [scans, findings, docker]);
  const s = state.data;
  return (
    <section className="section" aria-labelledby="security-title" data-testid="image-security">
      <div className="section__head">
        <h2 id="security-title">Image vulnerabilities</h2>
        <a href={hrefFor('vulnerabilities')} className="card__link">
          All vulnerabilities →
        </a>
      </div>
      {state.error ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {s ? (
        <>
          <div className="severity-tiles" data-testid="severity-totals">
            {shown.map((severity) => (
              <a key={severity} className={`severity-tile severity-tile--${severity}`} href={hrefFor('vulnerabilities', null, { severity })} data-testid={`total-${severity}`} data-count={s.totals[severity]}>
                <span className="severity-tile__value">{s.totals[severity].toLocaleString()}</span>
                <span className="severity-tile__label">{severityLabels[severity]}</span>
              </a>
            ))}
          </div>
          <p className="muted">
            Across {s.scanned.toLocaleString()} scanned {s.scanned === 1 ? 'image' : 'images'} (last scan of each; ignored findings not counted)
            {s.neverScanned ? `; ${s.neverScanned.toLocaleString()} in the engine not scanned yet` : ''}
            {s.failed ? `; ${s.failed} whose last scan failed` : ''}.
          </p>
          <p data-testid="malware-baseline-summary">
            <strong data-testid="malware-files" data-count={s.malware.files}>
              {s.malware.files.toLocaleString()}
            </strong>{' '}
            malicious {s.malware.files === 1 ? 'file' : 'files'} in {s.malware.images.toLocaleString()} of {s.malware.checked.toLocaleString()} images checked for malware ·{' '}
            <strong data-testid="baseline-images" data-count={s.baseline.images}>
              {s.baseline.images.toLocaleString()}
            </strong>{' '}
            of {s.baseline.checked.toLocaleString()} images fail baseline items · <a href={hrefFor('images')}>by image →</a>
          </p>
          <h3>Most critical and high</h3>
          {s.worst.length === 0 ? (
            <p className="muted">{s.scanned ? 'No image has critical or high findings.' : 'No image has been scanned yet.'}</p>
          ) : (
            <ul className="plain-list worst" data-testid="worst-images">
              {s.worst.map((row) => (
                <li key={row.id} className="worst__item" data-testid="worst-image">
                  <a href={imageHref(row.id)} className="worst__name">
                    {row.name}
                  </a>
                  <SeverityCounts counts={row.lastScan?.counts} />
                  <span className="muted">{formatAge(row.lastScan?.finishedAt ?? row.lastScan?.startedAt)}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : !state.error ? (
        <p className="muted">Loading…</p>
      ) : null}
    </section>
  );
}
