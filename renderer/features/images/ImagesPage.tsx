// Images Vigil knows — scanned from any source, and the local engine's — with their last scan.
// #/images/<id> shows one image. The list refreshes on Docker's events, when a scan ends and
// when an ignore rule changes the counts.
import { lazy, Suspense, useCallback, useState } from 'react';
import type { PageQuery } from '../../../shared/model/paging';
import { DataTable } from '../../components/data-table/DataTable';
import { useFindings } from '../../state/findings-store';
import { hrefFor, routeParam } from '../../state/route';
import { READ_ONLY_HINT, useReadOnly } from '../../state/session-store';
import { useFinishedCount } from '../../state/tasks-store';
import { useHash } from '../../state/use-route';
import { client } from '../../transport/client';
import { DockerStatusBanner } from '../docker/DockerStatusBanner';
import { useDocker } from '../docker/docker-store';
import { imageColumns, type ImageSortField } from './image-columns';
import { ScanDialog } from './ScanDialog';
import './images.css';

// The detail view (with every ecosystem's version rules) loads on first use.
const ImageDetail = lazy(() => import('./ImageDetail').then((m) => ({ default: m.ImageDetail })));

export const SCAN_OPERATIONS = ['images.scan', 'images.scanRepository'] as const;

export function ImagesPage() {
  const imageId = routeParam(useHash());
  if (imageId) {
    return (
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <ImageDetail key={imageId} imageId={imageId} />
      </Suspense>
    );
  }
  return <ImageList />;
}

function ImageList() {
  const dockerVersion = useDocker((s) => s.imagesVersion);
  const scansFinished = useFinishedCount(...SCAN_OPERATIONS);
  const findingsVersion = useFindings((s) => s.version);
  const readOnly = useReadOnly();
  const [dialog, setDialog] = useState(false);
  const fetchPage = useCallback((query: PageQuery<ImageSortField>) => client().call('images.list', query), []);
  return (
    <div className="page page--table">
      <p className="page__intro">
        Images scanned from any source, and the images in the local container engine. Open a scanned image for its layers, packages, vulnerabilities and files. Containers are under{' '}
        <a href={hrefFor('containers')}>Docker → Containers</a>.
      </p>
      <DockerStatusBanner />
      <DataTable
        name="images"
        label="Images"
        columns={imageColumns}
        fetchPage={fetchPage}
        rowKey={(image) => image.id}
        defaultSort={{ field: 'name', direction: 'asc' }}
        version={`${dockerVersion}:${scansFinished}:${findingsVersion}`}
        filterPlaceholder="Filter by name, tag, ID, OS or source"
        emptyText="No images yet: scan one, or start the local engine."
        toolbar={
          <button
            type="button"
            className="button button--primary"
            onClick={() => setDialog(true)}
            disabled={readOnly}
            title={readOnly ? READ_ONLY_HINT : 'Scan an image from the engine, a tarball, an OCI layout or a registry'}
            data-testid="scan-open"
          >
            Scan an image…
          </button>
        }
      />
      {dialog ? <ScanDialog onClose={() => setDialog(false)} /> : null}
    </div>
  );
}
