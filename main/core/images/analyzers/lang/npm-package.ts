// Installed npm packages: the package.json of each package directory under node_modules,
// `…/node_modules/<name>/package.json` and `…/node_modules/@scope/<name>/package.json`, at any
// depth of nesting (`node_modules/a/node_modules/b/…`, pnpm's `.pnpm/<id>/node_modules/x`,
// global installs in usr/lib/node_modules). Once inside node_modules, only package directories
// and nested node_modules may follow: package.json files in a package's own subfolders (test
// fixtures, examples, `dist/esm`) are not installed packages. The app's own package.json is
// not under node_modules and is not read. Lockfiles are out of scope.
import type { Analyzer, AnalyzerOutput, EntryFacts } from '../analyzer';
import { makePackage, reason, uniqueStrings } from './common';

const NM = 'node_modules';

/** A directory name that can hold a package: not empty, not hidden ('.bin', '.cache', '.pnpm'). */
function isPackageDirName(name: string): boolean {
  return name.length > 0 && name.length <= 214 && !name.startsWith('.') && name !== NM;
}

/**
 * The package directory of an installed package.json ('app/node_modules/@babel/core'), or null
 * when the path is not one. Segments after the first node_modules must be: node_modules,
 * [@scope,] name, repeated; pnpm's 'node_modules/.pnpm/<id>' store entries are let through.
 */
export function npmPackageDir(path: string): string | null {
  if (!path.endsWith('/package.json')) return null;
  const segs = path.split('/');
  segs.pop();
  const first = segs.indexOf(NM);
  if (first < 0) return null;
  let i = first;
  let last = -1;
  while (i < segs.length) {
    if (segs[i] !== NM) return null;
    i++;
    // pnpm: node_modules/.pnpm/<name>@<version>/node_modules/<name>
    if (segs[i] === '.pnpm' && i + 2 < segs.length && segs[i + 2] === NM) {
      i += 2;
      continue;
    }
    const name = segs[i];
    if (name === undefined || !isPackageDirName(name)) return null;
    if (name.startsWith('@')) {
      const scoped = segs[i + 1];
      if (name.length < 2 || scoped === undefined || !isPackageDirName(scoped) || scoped.startsWith('@')) return null;
      i += 2;
    } else {
      i += 1;
    }
    last = i;
  }
  return last === segs.length ? segs.join('/') : null;
}

/** package.json license forms: "MIT", {type: "MIT"}, licenses: [{type}] or ["MIT"]. */
export function npmLicenses(pkg: Record<string, unknown>): string[] {
  const out: string[] = [];
  const take = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (v && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string') out.push((v as { type: string }).type);
  };
  if (Array.isArray(pkg.license)) pkg.license.forEach(take);
  else take(pkg.license);
  if (Array.isArray(pkg.licenses)) pkg.licenses.forEach(take);
  else take(pkg.licenses);
  return uniqueStrings(out);
}

export const npmPackageAnalyzer: Analyzer = {
  id: 'npm-package',
  version: 1,
  maxBytes: 8 * 1024 * 1024,
  wants(entry: EntryFacts): boolean {
    return npmPackageDir(entry.path) !== null;
  },
  analyze(entry: EntryFacts, content: Buffer): AnalyzerOutput {
    const dir = npmPackageDir(entry.path);
    if (!dir) return {};
    let pkg: unknown;
    try {
      pkg = JSON.parse(content.toString('utf8').replace(/^\uFEFF/, ''));
    } catch (err) {
      return { notes: [`${entry.path}: not valid JSON, package not read: ${reason(err)}`] };
    }
    if (!pkg || typeof pkg !== 'object' || Array.isArray(pkg)) return { notes: [`${entry.path}: not a JSON object, package not read`] };
    const { name, version } = pkg as Record<string, unknown>;
    // Directories npm made for its own bookkeeping, or stubs, have no name/version: not packages.
    if (typeof name !== 'string' || typeof version !== 'string' || !name.trim() || !version.trim()) return {};
    const fullName = name.trim();
    const slash = fullName.indexOf('/');
    const scoped = fullName.startsWith('@') && slash > 1;
    return {
      packages: [
        makePackage({
          type: 'npm',
          namespace: scoped ? fullName.slice(0, slash) : null,
          name: scoped ? fullName.slice(slash + 1) : fullName,
          version: version.trim(),
          licenses: npmLicenses(pkg as Record<string, unknown>),
          path: entry.path,
        }),
      ],
      ownedPrefixes: [`${dir}/`],
    };
  },
};
