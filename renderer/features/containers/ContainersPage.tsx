// Containers in the local engine, running and stopped, refreshed live from Docker's events.
import { useCallback } from 'react';
import type { PageQuery } from '../../../shared/model/paging';
import { DataTable } from '../../components/data-table/DataTable';
import { client } from '../../transport/client';
import { DockerStatusBanner } from '../docker/DockerStatusBanner';
import { useDocker } from '../docker/docker-store';
import { containerColumns, type ContainerSortField } from './container-columns';

export function ContainersPage() {
  const version = useDocker((s) => s.containersVersion);
  const fetchPage = useCallback((query: PageQuery<ContainerSortField>) => client().call('docker.containers.list', { ...query, all: true }), []);
  return (
    <div className="page page--table">
      <p className="page__intro">Containers in the local engine, running and stopped.</p>
      <DockerStatusBanner />
      <DataTable
        name="containers"
        label="Containers"
        columns={containerColumns}
        fetchPage={fetchPage}
        rowKey={(c) => c.id}
        defaultSort={{ field: 'created', direction: 'desc' }}
        version={version}
        filterPlaceholder="Filter by name, image, state or status"
        emptyText="The engine has no containers."
      />
    </div>
  );
}
