// Files that belong to no package (dropped in by hand), with their mode, hash and layer.
import { useCallback } from 'react';
import type { fileSortFields } from '../../../shared/contracts/images';
import type { FileRecord } from '../../../shared/model/image';
import type { PageQuery } from '../../../shared/model/paging';
import type { Column } from '../../components/data-table/column';
import { DataTable } from '../../components/data-table/DataTable';
import { formatBytes } from '../../format/bytes';
import { isPrivileged, isWorldWritable, modeString, octalMode } from '../../format/file-mode';
import { client } from '../../transport/client';

type FileSortField = (typeof fileSortFields)[number];
type FileRow = FileRecord & { layerIndex: number };

export const fileColumns: Column<FileRow, FileSortField>[] = [
  { id: 'path', header: 'Path', width: 'minmax(240px, 4fr)', minWidth: 240, sortField: 'path', render: (f) => <span className="mono">/{f.path.replace(/^\//, '')}</span>, title: (f) => f.path },
  {
    id: 'size',
    header: 'Size',
    width: '90px',
    minWidth: 90,
    sortField: 'size',
    align: 'end',
    render: (f) => formatBytes(f.size),
    title: (f) => `${f.size.toLocaleString()} bytes`,
  },
  {
    id: 'mode',
    header: 'Mode',
    width: '230px',
    minWidth: 230,
    render: (f) => (
      <span className={isPrivileged(f.mode) || isWorldWritable(f.mode) ? 'mono file-mode file-mode--risky' : 'mono file-mode'} data-testid="file-mode">
        {modeString(f.mode)}
        {isPrivileged(f.mode) ? <span className="pill pill--danger">{f.mode & 0o4000 ? 'setuid' : 'setgid'}</span> : null}
        {isWorldWritable(f.mode) ? <span className="pill pill--warning">world-writable</span> : null}
      </span>
    ),
    title: (f) => `${octalMode(f.mode)} · uid ${f.uid} gid ${f.gid}`,
  },
  { id: 'owner', header: 'Owner', width: '80px', minWidth: 80, render: (f) => <span className="mono">{`${f.uid}:${f.gid}`}</span> },
  { id: 'sha256', header: 'SHA-256', width: '130px', minWidth: 130, render: (f) => <span className="mono">{f.sha256.slice(0, 12)}</span>, title: (f) => f.sha256 },
  { id: 'layer', header: 'Layer', width: '64px', minWidth: 64, sortField: 'layer', align: 'end', render: (f) => f.layerIndex },
];

export function FilesTab({ imageId, version }: { imageId: string; version: string }) {
  const fetchPage = useCallback((query: PageQuery<FileSortField>) => client().call('images.files', { ...query, imageId }), [imageId]);
  return (
    <DataTable
      name="files"
      label="Unowned files"
      columns={fileColumns}
      fetchPage={fetchPage}
      rowKey={(f) => f.path}
      defaultSort={{ field: 'path', direction: 'asc' }}
      version={version}
      filterPlaceholder="Filter by path or SHA-256"
      emptyText="Every file belongs to a package."
    />
  );
}
