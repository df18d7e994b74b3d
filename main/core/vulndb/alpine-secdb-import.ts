// Alpine's security database: the secdb documents (YAML or JSON, {distroversion, reponame,
// packages: [{pkg: {name, secfixes: {fixedVersion: [CVE …]}}}]}) and the per-origin JSON that
// aquasecurity/vuln-list keeps ({name, secfixes, distroversion}). Each (CVE, origin package,
// release) becomes one affected row in 'Alpine:v3.10' with the version that fixed it: the
// package is vulnerable below that version. A fixed version of "0" means the release was
// never affected and gives no row.
import path from 'node:path';
import { compareVersions } from '../../../shared/versions';
import { trackerAdvisory, type AdvisoryRecord, type AffectedRecord } from './advisory-record';
import { openBundle } from './bundle-entries';
import {
  CorruptTally,
  isObject,
  throwIfAborted,
  type BundleImportResult,
  finishBundle,
  type ImportContext,
} from './import-context';
import { bundleDocuments, isOsvFileName } from './osv-import';
import type { VulnDbWriter } from './vulndb-writer';

/** 'v3.10' from "v3.10", "3.10.4", "vuln-list-alpine-3.10"; 'edge' for edge. */
export function alpineRelease(text: string): string | null {
  if (/(^|[^a-z])edge($|[^a-z])/i.test(text)) return 'edge';
  const m = /(?:^|[^\d.])v?(\d+)\.(\d+)(?:$|[^\d])/.exec(text);
  return m ? `v${Number(m[1])}.${Number(m[2])}` : null;
}

/** The release from the path inside the bundle and the bundle's own name, nearest folder first. */
function releaseFromPath(bundle: string, entryName: string): string | null {
  const parts = [...path.resolve(bundle).split(path.sep), ...entryName.split('/').slice(0, -1)];
  for (let i = parts.length - 1; i >= 0; i--) {
    const r = alpineRelease(parts[i]!);
    if (r) return r;
  }
  return null;
}

/**
 * Advisory ids from one secfixes entry. Entries are mostly a bare id, sometimes with a
 * note ("CVE-2017-16808 (AoE)"), a second id ("CVE-2019-5060 TALOS-2019-0844") or a part
 * suffix ("CVE-2017-17434-1"): the CVE (or first token) is the id, other ids are aliases.
 */
export function secfixId(entry: string): { id: string; aliases: string[] } | null {
  const text = entry.trim();
  if (text === '') return null;
  const cve = /CVE[-_](\d{4})[-_](\d{4,})/i.exec(text);
  const tokens = text.split(/\s+/).filter((t) => /^[A-Z][A-Z0-9]*-[\w.-]+$/i.test(t));
  const id = cve ? `CVE-${cve[1]}-${cve[2]}` : tokens[0] ?? text.split(/\s+/)[0]!;
  const aliases = tokens.filter((t) => !t.toUpperCase().startsWith('CVE') && t !== id);
  return { id, aliases };
}

export interface AlpineDocPackage {
  name: string;
  secfixes: Record<string, unknown>;
}

/** The packages of a secdb document or a vuln-list per-origin document; null when it is neither. */
export function alpinePackages(doc: unknown): { release: string | null; packages: AlpineDocPackage[] } | null {
  if (!isObject(doc)) return null;
  const release = typeof doc.distroversion === 'string' ? alpineRelease(doc.distroversion) : null;
  if (Array.isArray(doc.packages)) {
    const packages: AlpineDocPackage[] = [];
    for (const p of doc.packages) {
      const pkg = isObject(p) && isObject(p.pkg) ? p.pkg : null;
      if (!pkg || typeof pkg.name !== 'string') continue;
      packages.push({ name: pkg.name, secfixes: isObject(pkg.secfixes) ? pkg.secfixes : {} });
    }
    return { release, packages };
  }
  if (typeof doc.name === 'string' && (isObject(doc.secfixes) || doc.secfixes === undefined)) {
    return { release, packages: [{ name: doc.name, secfixes: isObject(doc.secfixes) ? doc.secfixes : {} }] };
  }
  return null;
}

/** One package's secfixes to records (one per id, the lowest fix when an id is listed twice). */
export function secfixesToRecords(ecosystem: string, pkg: AlpineDocPackage): AdvisoryRecord[] {
  const byId = new Map<string, { aliases: Set<string>; fixed: string }>();
  for (const [fixedVersion, ids] of Object.entries(pkg.secfixes)) {
    const fixed = fixedVersion.trim();
    if (fixed === '' || fixed === '0') continue; // never affected in this release
    const list = Array.isArray(ids) ? ids : typeof ids === 'string' ? [ids] : [];
    for (const entry of list) {
      if (typeof entry !== 'string') continue;
      const parsed = secfixId(entry);
      if (!parsed) continue;
      const prev = byId.get(parsed.id);
      if (!prev) byId.set(parsed.id, { aliases: new Set(parsed.aliases), fixed });
      else {
        for (const a of parsed.aliases) prev.aliases.add(a);
        let lower = false;
        try {
          lower = compareVersions('Alpine', fixed, prev.fixed) < 0;
        } catch {
          lower = false;
        }
        if (lower) prev.fixed = fixed;
      }
    }
  }
  const out: AdvisoryRecord[] = [];
  for (const [id, v] of byId) {
    const row: AffectedRecord = {
      ecosystem,
      name: pkg.name,
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: v.fixed }] }],
      versions: [],
      fixed: [v.fixed],
      state: null,
      vendorSeverity: null,
      vendorSeverityRaw: null,
    };
    out.push(
      trackerAdvisory(id, {
        aliases: [...v.aliases],
        references: id.startsWith('CVE-') ? [`https://security.alpinelinux.org/vuln/${id}`] : [],
        affected: [row],
      }),
    );
  }
  return out;
}

export interface AlpineImportOptions extends ImportContext {
  sourceName?: string;
  digest?: string | null;
  location?: string;
}

export function alpineSourceName(bundle: string): string {
  return `alpine-secdb:${path.basename(path.resolve(bundle)).replace(/\.(zip|json|ya?ml)$/i, '')}`;
}

export async function importAlpineSecdb(writer: VulnDbWriter, bundle: string, options: AlpineImportOptions = {}): Promise<BundleImportResult> {
  const source = options.sourceName ?? alpineSourceName(bundle);
  const tally = new CorruptTally(bundle, options.strict ?? false, options.maxListed ?? 20);
  const reader = await openBundle(bundle, { accept: isOsvFileName });
  const label = path.basename(bundle);
  writer.beginSource({ name: source, kind: 'alpine-secdb', location: options.location ?? path.resolve(bundle), digest: options.digest ?? null });
  let files = 0;
  try {
    for await (const item of reader.items()) {
      throwIfAborted(options.signal, `import of ${label}`);
      files++;
      options.progress?.(reader.total ? Math.min(1, files / reader.total) : null, `${label}: ${item.name}`);
      const docs = bundleDocuments(item, tally);
      if (!docs) continue;
      for (const doc of docs) {
        const parsed = alpinePackages(doc);
        if (!parsed) {
          tally.add(item.name, 'not an Alpine secdb document (no "packages" and no "name"/"secfixes")');
          continue;
        }
        const release = parsed.release ?? releaseFromPath(bundle, item.name);
        if (!release) {
          tally.add(item.name, 'the Alpine release is unknown: no "distroversion" and no version in the folder name');
          continue;
        }
        const ecosystem = `Alpine:${release}`;
        for (const pkg of parsed.packages) {
          for (const record of secfixesToRecords(ecosystem, pkg)) writer.add(record, 'merge');
        }
      }
    }
  } finally {
    reader.close();
  }
  return finishBundle(writer, tally, { bundle, kind: 'alpine-secdb', source, digest: options.digest ?? null, files: files, label, progress: options.progress });
}
