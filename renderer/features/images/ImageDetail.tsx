// One image: what it is (name, tags, ID, OS, platform, user, created), its scans, and tabs for
// its layers, packages, vulnerabilities (grouped by package) and unowned files; export.
import { useState } from 'react';
import type { ScanSummary } from '../../../shared/contracts/images';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SeverityCounts, totalOf } from '../../components/Severity';
import { formatBytes } from '../../format/bytes';
import { formatAge, formatDateTime } from '../../format/time';
import { useFindings } from '../../state/findings-store';
import { hrefFor } from '../../state/route';
import { useFinishedCount } from '../../state/tasks-store';
import { useCall } from '../../state/use-call';
import { toRpcError } from '../../transport/rpc-result';
import { client } from '../../transport/client';
import { GroupedFindings } from '../vulnerabilities/GroupedFindings';
import { ExportMenu } from './ExportMenu';
import { FilesTab } from './FilesTab';
import { sourceLabels } from './image-columns';
import { LayersTab } from './LayersTab';
import { PackagesTab } from './PackagesTab';
import { BaselineTab } from './BaselineTab';
import { MalwareTab } from './MalwareTab';
import { ScanControl } from './ScanControl';

const tabs = [
  { id: 'vulnerabilities', label: 'Vulnerabilities' },
  { id: 'malware', label: 'Malware' },
  { id: 'baseline', label: 'Baseline' },
  { id: 'packages', label: 'Packages' },
  { id: 'layers', label: 'Layers' },
  { id: 'files', label: 'Files' },
] as const;
type TabId = (typeof tabs)[number]['id'];

const SCAN_OPS = ['images.scan', 'images.scanRepository'];

export function ImageDetail({ imageId }: { imageId: string }) {
  const findingsVersion = useFindings((s) => s.version);
  const scansFinished = useFinishedCount(...SCAN_OPS);
  const detail = useCall(() => client().call('images.get', { imageId }), [imageId, findingsVersion, scansFinished]);
  const security = useCall(() => client().call('images.security', { imageId }), [imageId, scansFinished]);
  const [tab, setTab] = useState<TabId>('vulnerabilities');
  const back = (
    <a href={hrefFor('images')} className="back-link" data-testid="back-to-images">
      ← All images
    </a>
  );

  if (!detail.data) {
    const notFound = detail.error ? toRpcError(detail.error).code === 'not_found' : false;
    return (
      <div className="page">
        {back}
        {detail.error ? (
          <>
            {notFound ? <p>This image has not been scanned (or its record was removed). Scan it from the Images page to see its details.</p> : null}
            <ErrorMessage error={detail.error} onRetry={detail.reload} />
          </>
        ) : (
          <p className="muted">Loading…</p>
        )}
      </div>
    );
  }

  const { image, platform, osInfo, user, layers, notes, scans } = detail.data;
  const dataVersion = `${image.lastScan?.scanId ?? 0}:${scansFinished}`;
  return (
    <div className="page image-detail" data-testid="image-detail" data-image-id={image.id}>
      {back}
      <section className="section" aria-labelledby="image-title">
        <div className="section__head image-detail__head">
          <div className="image-detail__title">
            <h2 id="image-title" data-testid="image-name">
              {image.name}
            </h2>
            <span data-testid="image-counts">
              <SeverityCounts counts={image.lastScan?.counts} />
            </span>
          </div>
          <div className="image-detail__actions">
            <ScanControl row={image} label="Scan again" />
            <ExportMenu imageId={image.id} disabled={!image.lastScan} />
          </div>
        </div>
        {detail.error ? <ErrorMessage error={detail.error} onRetry={detail.reload} compact /> : null}
        <dl className="facts" data-testid="image-facts">
          <dt>Tags</dt>
          <dd>
            {image.repoTags.length ? (
              <span className="tags tags--wrap">
                {image.repoTags.map((t) => (
                  <span key={t} className="tag">
                    {t}
                  </span>
                ))}
              </span>
            ) : (
              <span className="muted">none</span>
            )}
          </dd>
          <dt>ID</dt>
          <dd className="mono" data-testid="image-id">
            {image.id}
          </dd>
          <dt>Source</dt>
          <dd>
            {sourceLabels[image.source]} <span className="mono">{image.sourceRef}</span>
            {image.inEngine ? <span className="muted"> · in the local engine</span> : null}
          </dd>
          <dt>OS</dt>
          <dd>{osInfo ? (osInfo.prettyName ?? `${osInfo.family} ${osInfo.version}`) : (image.os ?? <span className="muted">not detected</span>)}</dd>
          <dt>Platform</dt>
          <dd className="mono">{platform ?? '—'}</dd>
          <dt>User</dt>
          <dd>
            {user ? <span className="mono">{user}</span> : null}
            {!user || user === 'root' || user === '0' || user.startsWith('0:') || user.startsWith('root:') ? (
              <span className="pill pill--warning" title="No USER in the image config: containers run as root unless told otherwise">
                runs as root
              </span>
            ) : null}
          </dd>
          <dt>Created</dt>
          <dd title={image.created ?? undefined}>{image.created ? `${formatDateTime(image.created)} (${formatAge(image.created)})` : '—'}</dd>
          <dt>Size</dt>
          <dd>{image.size === null ? '—' : `${formatBytes(image.size)} (${image.size.toLocaleString()} bytes)`}</dd>
        </dl>
        {notes.length ? (
          <ul className="notes" data-testid="image-notes">
            {notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        ) : null}
      </section>

      <ScanHistory scans={scans} />

      <section className="section image-tabs">
        <div className="tabs" role="tablist" aria-label="Image details">
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={tab === t.id}
              className={tab === t.id ? 'tab tab--active' : 'tab'}
              onClick={() => setTab(t.id)}
              data-testid={`tab-${t.id}`}
            >
              {t.label}
              {t.id === 'vulnerabilities' && image.lastScan ? <span className="tab__count">{totalOf(image.lastScan.counts).toLocaleString()}</span> : null}
              {t.id === 'packages' && image.lastScan ? <span className="tab__count">{image.lastScan.packages.toLocaleString()}</span> : null}
              {t.id === 'malware' && security.data?.malware ? <span className="tab__count" data-testid="malware-count">{security.data.malware.findings.length.toLocaleString()}</span> : null}
              {t.id === 'baseline' && security.data?.baseline ? (
                <span className="tab__count" data-testid="baseline-count">
                  {security.data.baseline.filter((r) => r.status === 'failed').length.toLocaleString()}
                </span>
              ) : null}
              {t.id === 'layers' ? <span className="tab__count">{layers.length}</span> : null}
              {t.id === 'files' && image.lastScan ? <span className="tab__count">{image.lastScan.unownedFiles.toLocaleString()}</span> : null}
            </button>
          ))}
        </div>
        <div className="tab-panel" role="tabpanel" data-testid={`panel-${tab}`}>
          {tab === 'vulnerabilities' ? <GroupedFindings imageId={image.id} imageName={image.name} version={`${dataVersion}:${findingsVersion}`} /> : null}
          {tab === 'malware' || tab === 'baseline' ? (
            security.error ? (
              <ErrorMessage error={security.error} onRetry={security.reload} />
            ) : !security.data ? (
              <p className="muted">Loading…</p>
            ) : tab === 'malware' ? (
              <MalwareTab malware={security.data.malware} />
            ) : (
              <BaselineTab baseline={security.data.baseline} />
            )
          ) : null}
          {tab === 'packages' ? <PackagesTab imageId={image.id} version={dataVersion} /> : null}
          {tab === 'layers' ? <LayersTab layers={layers} /> : null}
          {tab === 'files' ? <FilesTab imageId={image.id} version={dataVersion} /> : null}
        </div>
      </section>
    </div>
  );
}

const scanTone: Record<ScanSummary['state'], string> = { succeeded: 'ok', running: 'warning', failed: 'danger', cancelled: '' };

function ScanHistory({ scans }: { scans: ScanSummary[] }) {
  return (
    <section className="section" aria-labelledby="scans-title" data-testid="scan-history">
      <h2 id="scans-title">Scans</h2>
      {scans.length === 0 ? (
        <p className="muted">No scans recorded.</p>
      ) : (
        <div className="table-wrap table-wrap--short">
          <table className="simple-table">
            <thead>
              <tr>
                <th>Started</th>
                <th>Finished</th>
                <th>Trigger</th>
                <th>State</th>
                <th>Findings (current scan)</th>
                <th className="num">Packages</th>
                <th className="num">Unowned files</th>
                <th>Error</th>
              </tr>
            </thead>
            <tbody>
              {scans.map((s, i) => (
                <tr key={s.scanId} data-testid="scan-history-row">
                  <td title={s.startedAt}>{formatDateTime(s.startedAt)}</td>
                  <td title={s.finishedAt ?? undefined}>{formatDateTime(s.finishedAt)}</td>
                  <td>{s.trigger}</td>
                  <td>
                    <span className={`pill pill--${scanTone[s.state]}`}>{s.state}</span>
                  </td>
                  <td>{i === 0 || totalOf(s.counts) > 0 ? <SeverityCounts counts={s.counts} /> : <span className="muted" title="Findings are kept for the latest successful scan only">—</span>}</td>
                  <td className="num">{s.packages.toLocaleString()}</td>
                  <td className="num">{s.unownedFiles.toLocaleString()}</td>
                  <td className="cell-wrap">{s.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
