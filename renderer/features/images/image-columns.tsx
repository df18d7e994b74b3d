// The columns of the images table.
import type { imageSortFields } from '../../../shared/contracts/docker';
import type { LocalImage } from '../../../shared/model/docker';
import type { Column } from '../../components/data-table/column';
import { formatBytes } from '../../format/bytes';
import { imageTags, shortDigest, shortId } from '../../format/ids';
import { formatAge, formatDateTime } from '../../format/time';

export type ImageSortField = (typeof imageSortFields)[number];

export const imageColumns: Column<LocalImage, ImageSortField>[] = [
  {
    id: 'tags',
    header: 'Repository:tag',
    width: 'minmax(240px, 3fr)',
    minWidth: 240,
    sortField: 'repository',
    render: (image) => (
      <span className="tags">
        {imageTags(image.repoTags).map((tag) => (
          <span key={tag} className={tag === '<none>' ? 'tag tag--none' : 'tag'} data-testid="image-tag">
            {tag}
          </span>
        ))}
      </span>
    ),
    title: (image) => imageTags(image.repoTags).join('\n'),
  },
  {
    id: 'id',
    header: 'Image ID',
    width: '120px',
    minWidth: 120,
    sortField: 'id',
    render: (image) => <span className="mono">{shortId(image.id)}</span>,
    title: (image) => image.id,
  },
  {
    id: 'digest',
    header: 'Digest',
    width: 'minmax(170px, 1.3fr)',
    minWidth: 170,
    render: (image) => (image.repoDigests[0] ? <span className="mono">{shortDigest(image.repoDigests[0])}</span> : <span className="muted">—</span>),
    title: (image) => (image.repoDigests.length ? image.repoDigests.join('\n') : 'No digest: the image was built or loaded locally and never pushed or pulled'),
  },
  {
    id: 'size',
    header: 'Size',
    width: '90px',
    minWidth: 90,
    sortField: 'size',
    align: 'end',
    render: (image) => formatBytes(image.size),
    title: (image) => `${image.size.toLocaleString()} bytes`,
  },
  {
    id: 'created',
    header: 'Created',
    width: '130px',
    minWidth: 130,
    sortField: 'created',
    render: (image) => formatAge(image.created),
    title: (image) => formatDateTime(image.created),
  },
  {
    id: 'containers',
    header: 'Containers',
    width: '90px',
    minWidth: 90,
    align: 'end',
    // The engine reports -1 when it did not count.
    render: (image) => (image.containers >= 0 ? image.containers : '—'),
  },
];
