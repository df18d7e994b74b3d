// Package manager caches left in the final image, one piece of evidence per cache with its file
// count and size. Lock files and the empty skeletons package managers recreate are not counted.
import type { ImageFile } from '../../../../shared/model/image';
import type { ItemCheck } from './item-check';
import { baseName, fileEvidence } from './file-evidence';

interface Cache {
  name: string;
  /** The directory reported as the evidence path. */
  dir: (path: string) => string;
  matches: (path: string) => boolean;
}

const under = (re: RegExp): ((path: string) => string) => (path) => re.exec(path)?.[0]?.replace(/\/$/, '') ?? path;

const CACHES: readonly Cache[] = [
  { name: 'apt package archives', dir: () => 'var/cache/apt/archives', matches: (p) => /^var\/cache\/apt\/archives\/.+\.deb$/.test(p) },
  { name: 'apt package cache', dir: () => 'var/cache/apt', matches: (p) => /^var\/cache\/apt\/[^/]+\.bin$/.test(p) },
  { name: 'apt package lists', dir: () => 'var/lib/apt/lists', matches: (p) => /^var\/lib\/apt\/lists\/[^/]+$/.test(p) && baseName(p) !== 'lock' },
  { name: 'apk cache', dir: () => 'var/cache/apk', matches: (p) => /^var\/cache\/apk\/.+/.test(p) && !p.endsWith('/installed') },
  { name: 'yum/dnf cache', dir: under(/^var\/cache\/(?:yum|dnf)\//), matches: (p) => /^var\/cache\/(?:yum|dnf)\/.+(?:\.rpm|\.solvx?|\/repodata\/.+|\.xml(?:\.gz|\.zst|\.xz)?|\.sqlite(?:\.bz2|\.xz)?)$/.test(p) },
  { name: 'pip cache', dir: under(/^(?:root|home\/[^/]+)\/\.cache\/pip\//), matches: (p) => /^(?:root|home\/[^/]+)\/\.cache\/pip\/.+/.test(p) },
  { name: 'npm cache', dir: under(/^(?:.*\/)?\.npm\/_cacache\//), matches: (p) => /(?:^|\/)\.npm\/_cacache\/.+/.test(p) },
];

export function checkPackageCaches(files: readonly ImageFile[]): ItemCheck {
  const found = new Map<string, { cache: Cache; dir: string; count: number; bytes: number; largest: ImageFile }>();
  for (const file of files) {
    const cache = CACHES.find((c) => c.matches(file.path));
    if (!cache || file.size === 0) continue;
    const dir = cache.dir(file.path);
    const key = `${cache.name}\0${dir}`;
    const entry = found.get(key);
    if (!entry) found.set(key, { cache, dir, count: 1, bytes: file.size, largest: file });
    else {
      entry.count += 1;
      entry.bytes += file.size;
      if (file.size > entry.largest.size) entry.largest = file;
    }
  }
  const evidence = [...found.values()].map(({ cache, dir, count, bytes, largest }) => ({
    ...fileEvidence(largest, `${cache.name}: ${count} file${count === 1 ? '' : 's'}, ${formatBytes(bytes)} (largest ${largest.path})`),
    path: dir,
  }));
  return { evidence };
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
