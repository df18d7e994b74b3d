// The image's software inventory (SBOM) from its last scan, paged on the server.
import { useCallback, useState } from 'react';
import type { packageSortFields } from '../../../shared/contracts/images';
import { packageTypes, type ImagePackage, type PackageType } from '../../../shared/model/package';
import type { PageQuery } from '../../../shared/model/paging';
import type { Column } from '../../components/data-table/column';
import { DataTable } from '../../components/data-table/DataTable';
import { client } from '../../transport/client';

type PackageSortField = (typeof packageSortFields)[number];

function sourceOf(p: ImagePackage): string | null {
  if (!p.sourceName) return null;
  const version = p.sourceVersion && p.sourceVersion !== p.version ? ` ${p.sourceVersion}` : '';
  return p.sourceName === p.name && !version ? null : `${p.sourceName}${version}`;
}

/** Maven artifacts read as group:artifact; elsewhere the name says it all (the namespace of OS packages is the distribution). */
export function displayName(p: Pick<ImagePackage, 'type' | 'name' | 'namespace'>): string {
  return p.type === 'maven' && p.namespace ? `${p.namespace}:${p.name}` : p.name;
}

export const packageColumns: Column<ImagePackage, PackageSortField>[] = [
  { id: 'name', header: 'Name', width: 'minmax(160px, 2fr)', minWidth: 160, sortField: 'name', render: (p) => <span className="mono">{displayName(p)}</span>, title: (p) => p.purl },
  { id: 'version', header: 'Version', width: 'minmax(110px, 1fr)', minWidth: 110, sortField: 'version', render: (p) => <span className="mono">{p.version}</span>, title: (p) => p.version },
  { id: 'type', header: 'Type', width: '80px', minWidth: 80, sortField: 'type', render: (p) => <span className="pill">{p.type}</span> },
  {
    id: 'source',
    header: 'Source package',
    width: 'minmax(120px, 1fr)',
    minWidth: 120,
    render: (p) => (sourceOf(p) ? <span className="mono">{sourceOf(p)}</span> : <span className="muted">—</span>),
    title: (p) => sourceOf(p) ?? undefined,
  },
  {
    id: 'licenses',
    header: 'Licences',
    width: 'minmax(120px, 1fr)',
    minWidth: 120,
    render: (p) => (p.licenses.length ? p.licenses.join(', ') : <span className="muted">—</span>),
    title: (p) => p.licenses.join('\n') || undefined,
  },
  { id: 'layer', header: 'Layer', width: '64px', minWidth: 64, sortField: 'layer', align: 'end', render: (p) => p.layerIndex, title: (p) => p.layerDiffId },
  {
    id: 'path',
    header: 'Path',
    width: 'minmax(160px, 2fr)',
    minWidth: 160,
    render: (p) => <span className="mono">{p.path}</span>,
    title: (p) => `${p.path}${p.installedBy ? `\ninstalled by the OS package ${p.installedBy}` : ''}`,
  },
];

export function PackagesTab({ imageId, version }: { imageId: string; version: string }) {
  const [type, setType] = useState<PackageType | ''>('');
  const fetchPage = useCallback(
    (query: PageQuery<PackageSortField>) => client().call('images.packages', { ...query, imageId, type: type || undefined }),
    [imageId, type],
  );
  return (
    <DataTable
      name="packages"
      label="Packages"
      columns={packageColumns}
      fetchPage={fetchPage}
      rowKey={(p) => `${p.type}:${p.name}:${p.version}:${p.path}`}
      defaultSort={{ field: 'name', direction: 'asc' }}
      queryKey={type}
      version={version}
      filterPlaceholder="Filter by name, purl or path"
      emptyText="The last scan found no packages."
      toolbar={
        <label className="form-row">
          <span className="muted">Type</span>
          <select value={type} onChange={(e) => setType(e.target.value as PackageType | '')} data-testid="packages-type">
            <option value="">All</option>
            {packageTypes.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
      }
    />
  );
}
