// PHP packages installed by Composer: <project>/vendor/composer/installed.json, which Composer
// rewrites on every install. Composer 1 writes a JSON array of package objects; Composer 2 writes
// {"packages": [...], "dev": bool, "dev-package-names": [...]} and adds "install-path" (relative
// to vendor/composer) to each package. Dev packages present in vendor/ are installed code and
// are reported like the others. Lockfiles (composer.lock) are out of scope.
import type { PackageRecord } from '../../../../../shared/model/package';
import type { Analyzer, AnalyzerOutput, EntryFacts } from '../analyzer';
import { dirname, joinImagePath, makePackage, reason, uniqueStrings } from './common';

export function isComposerInstalledPath(path: string): boolean {
  return path === 'vendor/composer/installed.json' || path.endsWith('/vendor/composer/installed.json');
}

function licensesOf(v: unknown): string[] {
  if (typeof v === 'string') return uniqueStrings([v]);
  if (Array.isArray(v)) return uniqueStrings(v.filter((x): x is string => typeof x === 'string'));
  return [];
}

export const composerInstalledAnalyzer: Analyzer = {
  id: 'composer-installed',
  version: 1,
  maxBytes: 64 * 1024 * 1024,
  wants(entry: EntryFacts): boolean {
    return isComposerInstalledPath(entry.path);
  },
  analyze(entry: EntryFacts, content: Buffer): AnalyzerOutput {
    let doc: unknown;
    try {
      doc = JSON.parse(content.toString('utf8').replace(/^\uFEFF/, ''));
    } catch (err) {
      return { notes: [`${entry.path}: not valid JSON, Composer packages not read: ${reason(err)}`] };
    }
    const list: unknown = Array.isArray(doc) ? doc : (doc as { packages?: unknown } | null)?.packages;
    if (!Array.isArray(list)) return { notes: [`${entry.path}: neither a package array (Composer 1) nor {"packages": [...]} (Composer 2)`] };
    const composerDir = dirname(entry.path); // …/vendor/composer
    const vendorDir = dirname(composerDir);
    const packages: PackageRecord[] = [];
    const prefixes: string[] = [];
    let skipped = 0;
    for (const item of list as unknown[]) {
      const p = item as Record<string, unknown> | null;
      const name = typeof p?.name === 'string' ? p.name.trim() : '';
      const version = typeof p?.version === 'string' ? p.version.trim() : '';
      const slash = name.indexOf('/');
      if (!p || !version || slash <= 0 || slash === name.length - 1) {
        skipped++;
        continue;
      }
      packages.push(
        makePackage({
          type: 'composer',
          namespace: name.slice(0, slash),
          name: name.slice(slash + 1),
          version,
          licenses: licensesOf(p.license),
          path: entry.path,
        }),
      );
      // Composer 2 says where it put the package; metapackages have no directory (null).
      let dir: string | null;
      if ('install-path' in p) dir = typeof p['install-path'] === 'string' ? joinImagePath(composerDir, p['install-path']) : null;
      else dir = joinImagePath(vendorDir, name);
      if (dir) prefixes.push(`${dir}/`);
    }
    const out: AnalyzerOutput = { packages };
    if (prefixes.length) out.ownedPrefixes = prefixes;
    if (skipped) out.notes = [`${entry.path}: ${skipped} entr${skipped === 1 ? 'y' : 'ies'} without a vendor/name and version skipped`];
    return out;
  },
};
