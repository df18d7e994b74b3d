// The Images page's list: every image Vigil has scanned, plus the local engine's images that
// were never scanned, each with its last scan. Paged in memory: image counts are small.
import type { ImageRow } from '../../../shared/contracts/images';
import type { LocalImage } from '../../../shared/model/docker';
import { pageInMemory, type Page, type PageQuery } from '../../../shared/model/paging';

export type ImageSortField = 'name' | 'lastScan' | 'critical' | 'high' | 'created' | 'size';

export function engineImageRow(image: LocalImage): ImageRow {
  const tag = image.repoTags.find((t) => t !== '<none>:<none>');
  return {
    id: image.id,
    name: tag ?? image.id.replace(/^sha256:/, '').slice(0, 12),
    source: 'docker',
    sourceRef: tag ?? image.id,
    repoTags: image.repoTags.filter((t) => t !== '<none>:<none>'),
    os: null,
    size: image.size,
    created: image.created,
    inEngine: true,
    lastScan: null,
    security: { malware: null, baselineFailed: null },
  };
}

export function mergeImageLists(stored: ImageRow[], engine: LocalImage[]): ImageRow[] {
  const byId = new Map(stored.map((row) => [row.id, row]));
  for (const image of engine) {
    const known = byId.get(image.id);
    if (known) {
      // The engine knows the current tags and size better than the last scan did.
      byId.set(image.id, { ...known, inEngine: true, size: known.size ?? image.size, repoTags: image.repoTags.filter((t) => t !== '<none>:<none>') });
    } else {
      byId.set(image.id, engineImageRow(image));
    }
  }
  return [...byId.values()];
}

export function pageImages(rows: ImageRow[], query: PageQuery<ImageSortField> & { source?: ImageRow['source'] | undefined }): Page<ImageRow> {
  const filtered = query.source ? rows.filter((r) => r.source === query.source) : rows;
  return pageInMemory(filtered, query.sort ? query : { ...query, sort: { field: 'name', direction: 'asc' } }, {
    text: (r) => `${r.name} ${r.repoTags.join(' ')} ${r.id} ${r.os ?? ''} ${r.sourceRef}`,
    sortKey: (r, field) => {
      switch (field) {
        case 'name':
          return r.name.toLowerCase();
        case 'lastScan':
          return r.lastScan?.startedAt ?? '';
        case 'critical':
          return r.lastScan?.counts.critical ?? -1;
        case 'high':
          return r.lastScan?.counts.high ?? -1;
        case 'created':
          return r.created ?? '';
        case 'size':
          return r.size ?? -1;
      }
    },
  });
}
