// Images in the local engine, live: the table refreshes when Docker reports a change.
import { useCallback } from 'react';
import type { PageQuery } from '../../../shared/model/paging';
import { DataTable } from '../../components/data-table/DataTable';
import { hrefFor } from '../../state/route';
import { client } from '../../transport/client';
import { DockerStatusBanner } from '../docker/DockerStatusBanner';
import { useDocker } from '../docker/docker-store';
import { imageColumns, type ImageSortField } from './image-columns';
import './images.css';

export function ImagesPage() {
  const version = useDocker((s) => s.imagesVersion);
  const fetchPage = useCallback((query: PageQuery<ImageSortField>) => client().call('docker.images.list', { ...query, includeUntagged: true }), []);
  return (
    <div className="page page--table">
      <p className="page__intro">
        Images in the local container engine. Containers are under <a href={hrefFor('containers')}>Docker → Containers</a>.
      </p>
      <DockerStatusBanner />
      <DataTable
        name="images"
        label="Images"
        columns={imageColumns}
        fetchPage={fetchPage}
        rowKey={(image) => image.id}
        defaultSort={{ field: 'created', direction: 'desc' }}
        version={version}
        filterPlaceholder="Filter by repository, tag, ID or digest"
        emptyText="The engine has no images."
      />
    </div>
  );
}
