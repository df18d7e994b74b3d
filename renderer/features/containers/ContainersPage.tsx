// Containers in the local engine, running and stopped, refreshed live from Docker's events,
// with each running container's environment check results; #/containers/<id> shows them all.
import { useCallback, useEffect, useState } from 'react';
import type { PageQuery } from '../../../shared/model/paging';
import { DataTable } from '../../components/data-table/DataTable';
import { hrefFor, routeParam } from '../../state/route';
import { useHash } from '../../state/use-route';
import { client } from '../../transport/client';
import { DockerStatusBanner } from '../docker/DockerStatusBanner';
import { useDocker } from '../docker/docker-store';
import { CheckSettingsDialog } from './CheckSettingsDialog';
import { useContainerChecks } from './container-checks-store';
import { containerColumns, type ContainerSortField } from './container-columns';
import { ContainerChecksDetail } from './ContainerChecksDetail';
import './containers.css';

export function ContainersPage() {
  const containerId = routeParam(useHash());
  return containerId ? <ContainerChecksDetail key={containerId} containerId={containerId} /> : <ContainerList />;
}

function ContainerList() {
  const version = useDocker((s) => s.containersVersion);
  const checksVersion = useContainerChecks((s) => s.checkedAt);
  const [settings, setSettings] = useState(false);
  const fetchPage = useCallback((query: PageQuery<ContainerSortField>) => client().call('docker.containers.list', { ...query, all: true }), []);
  // Check again whenever a container starts, stops or changes.
  useEffect(() => {
    void useContainerChecks.getState().load();
  }, [version]);
  return (
    <div className="page page--table">
      <p className="page__intro">
        Containers in the local engine, running and stopped. Running containers are checked for a risky start (privileged, capabilities, seccomp, no-new-privileges, host mounts, host namespaces, blocked images); open the
        result for every check. The daemon itself is checked under <a href={hrefFor('docker-host')}>Docker host</a>.
      </p>
      <DockerStatusBanner />
      <DataTable
        name="containers"
        label="Containers"
        columns={containerColumns}
        fetchPage={fetchPage}
        rowKey={(c) => c.id}
        defaultSort={{ field: 'created', direction: 'desc' }}
        version={`${version}:${checksVersion ?? ''}`}
        filterPlaceholder="Filter by name, image, state or status"
        emptyText="The engine has no containers."
        toolbar={
          <button type="button" className="button" onClick={() => setSettings(true)} data-testid="check-settings-open" title="Safe host mounts and the image block list">
            Check settings…
          </button>
        }
      />
      {settings ? <CheckSettingsDialog onClose={() => setSettings(false)} /> : null}
    </div>
  );
}
