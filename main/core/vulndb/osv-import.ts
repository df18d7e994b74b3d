// OSV advisories (https://ossf.github.io/osv-schema/) from directories or zips of JSON or YAML
// files, any ecosystem: OSV's per-ecosystem dumps (<Ecosystem>/all.zip of <ID>.json), the
// GitHub Advisory Database, PyPA's YAML tree, the Go vulndb. Each file is parsed alone; a
// file that does not parse or is not an OSV record is counted and listed, not fatal.
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { OsvEvent, OsvRange } from '../../../shared/versions';
import {
  normalizeEcosystem,
  normalizeVendorSeverity,
  optionalString,
  trimDetails,
  type AdvisoryRecord,
  type AffectedRecord,
  type SeverityEntry,
} from './advisory-record';
import { openBundle, type BundleItem } from './bundle-entries';
import {
  CorruptTally,
  isObject,
  stringList,
  throwIfAborted,
  type BundleImportResult,
  finishBundle,
  type ImportContext,
} from './import-context';
import type { VulnDbWriter } from './vulndb-writer';

const RECORD_FILE = /\.(json|ya?ml)$/i;
const MAX_REFERENCES = 20;

export function isOsvFileName(name: string): boolean {
  const base = name.split('/').pop() ?? name;
  return !base.startsWith('.') && RECORD_FILE.test(base);
}

/** The documents of one bundle item, or null after counting it as corrupt (unreadable or not JSON/YAML). */
export function bundleDocuments(item: BundleItem, tally: CorruptTally): unknown[] | null {
  if (!item.ok) {
    tally.add(item.name, item.reason);
    return null;
  }
  try {
    return parseRecordText(item.name, item.data);
  } catch (error) {
    tally.add(item.name, `not valid ${/\.ya?ml$/i.test(item.name) ? 'YAML' : 'JSON'} (${firstLine((error as Error).message)})`);
    return null;
  }
}

/** JSON or YAML text to documents (a top-level array gives one document per element). */
export function parseRecordText(name: string, data: Buffer | string): unknown[] {
  let text = typeof data === 'string' ? data : data.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let doc: unknown;
  if (/\.ya?ml$/i.test(name)) {
    // failsafe: every scalar stays a string, so "fixed: 1.10" is not read as the number 1.1.
    doc = parseYaml(text, { schema: 'failsafe', uniqueKeys: false });
  } else {
    doc = JSON.parse(text);
  }
  return Array.isArray(doc) ? doc : [doc];
}

function events(value: unknown): OsvEvent[] {
  if (!Array.isArray(value)) return [];
  const out: OsvEvent[] = [];
  for (const e of value) {
    if (!isObject(e)) continue;
    const ev: OsvEvent = {};
    for (const k of ['introduced', 'fixed', 'last_affected', 'limit'] as const) {
      const v = e[k];
      if (typeof v === 'string' && v.trim() !== '') ev[k] = v.trim();
      else if (typeof v === 'number') ev[k] = String(v);
    }
    if (Object.keys(ev).length) out.push(ev);
  }
  return out;
}

function vendorFrom(obj: unknown): string | null {
  if (!isObject(obj)) return null;
  for (const k of ['severity', 'urgency', 'priority']) {
    const v = obj[k];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  return null;
}

/** OSV severity entries: CVSS ones are kept; a distribution's own rating (type "Ubuntu" …) is returned apart. */
function severities(value: unknown): { cvss: SeverityEntry[]; vendor: string | null } {
  const cvss: SeverityEntry[] = [];
  let vendor: string | null = null;
  if (!Array.isArray(value)) return { cvss, vendor };
  for (const s of value) {
    if (!isObject(s)) continue;
    const type = optionalString(s.type);
    const score = optionalString(s.score);
    if (!type || !score) continue;
    if (type.startsWith('CVSS_')) cvss.push({ type, score });
    else vendor ??= score;
  }
  return { cvss, vendor };
}

/** An OSV document to a record; throws an Error whose message says why it is not one. */
export function parseOsvRecord(doc: unknown): AdvisoryRecord {
  if (!isObject(doc)) throw new Error('not an OSV record (not an object)');
  const id = optionalString(doc.id);
  if (!id) throw new Error('not an OSV record (no "id")');
  if (doc.affected !== undefined && doc.affected !== null && !Array.isArray(doc.affected)) throw new Error('"affected" is not a list');

  const aliases = new Set(stringList(doc.aliases));
  // OSV 1.6 "upstream": a distro record of one upstream CVE is that CVE. Records listing
  // several (a DSA fixing many CVEs) are not, or unrelated CVEs would merge into one finding.
  const upstream = stringList(doc.upstream);
  if (upstream.length === 1) aliases.add(upstream[0]!);
  aliases.delete(id);

  const top = severities(doc.severity);
  const severity: SeverityEntry[] = [...top.cvss];
  const vendorRaw = vendorFrom(doc.database_specific) ?? top.vendor;

  const affected: AffectedRecord[] = [];
  for (const a of (doc.affected as unknown[] | undefined) ?? []) {
    if (!isObject(a)) throw new Error('an "affected" entry is not an object');
    const pkg = a.package;
    if (!isObject(pkg)) continue; // GIT-only entries name no package
    const ecosystem = optionalString(pkg.ecosystem);
    const name = optionalString(pkg.name);
    if (!ecosystem || !name) continue;
    if (a.ranges !== undefined && !Array.isArray(a.ranges)) throw new Error(`"ranges" of ${name} is not a list`);
    const ranges: OsvRange[] = [];
    const fixed: string[] = [];
    for (const r of (a.ranges as unknown[] | undefined) ?? []) {
      if (!isObject(r)) throw new Error(`a range of ${name} is not an object`);
      const type = optionalString(r.type);
      if (type !== 'ECOSYSTEM' && type !== 'SEMVER') continue;
      const ev = events(r.events);
      if (!ev.length) continue;
      ranges.push({ type, events: ev });
      for (const e of ev) if (e.fixed !== undefined && !fixed.includes(e.fixed)) fixed.push(e.fixed);
    }
    const versions = stringList(a.versions);
    if (!ranges.length && !versions.length) continue;
    const own = severities(a.severity);
    for (const s of own.cvss) if (!severity.some((x) => x.score === s.score)) severity.push(s);
    const rowVendor = vendorFrom(a.ecosystem_specific) ?? vendorFrom(a.database_specific) ?? own.vendor;
    affected.push({
      ecosystem: normalizeEcosystem(ecosystem),
      name,
      ranges,
      versions,
      fixed,
      state: null,
      vendorSeverity: normalizeVendorSeverity(rowVendor),
      vendorSeverityRaw: rowVendor,
    });
  }

  const refs: { type: string; url: string }[] = [];
  if (Array.isArray(doc.references)) {
    for (const r of doc.references) {
      if (!isObject(r)) continue;
      const url = optionalString(r.url);
      if (url && !refs.some((x) => x.url === url)) refs.push({ type: optionalString(r.type) ?? 'WEB', url });
    }
  }
  // Advisories first: they are the references a reader wants.
  refs.sort((x, y) => Number(y.type === 'ADVISORY') - Number(x.type === 'ADVISORY'));

  return {
    id,
    aliases: [...aliases],
    summary: trimDetails(doc.summary, 500),
    details: trimDetails(doc.details),
    published: optionalString(doc.published),
    modified: optionalString(doc.modified),
    withdrawn: optionalString(doc.withdrawn),
    severity,
    vendorSeverity: normalizeVendorSeverity(vendorRaw),
    vendorSeverityRaw: vendorRaw,
    references: refs.slice(0, MAX_REFERENCES).map((r) => r.url),
    affected,
  };
}

/** Source name of an OSV bundle: 'osv:npm' for npm/all.zip, else 'osv:<name without .zip>'. */
export function osvSourceName(bundle: string): string {
  const base = path.basename(path.resolve(bundle));
  if (/^all\.zip$/i.test(base)) return `osv:${path.basename(path.dirname(path.resolve(bundle)))}`;
  return `osv:${base.replace(/\.(zip|json|ya?ml)$/i, '')}`;
}

export interface OsvImportOptions extends ImportContext {
  sourceName?: string;
  digest?: string | null;
  location?: string;
}

/** Reads one OSV bundle into the writer as one source. */
export async function importOsvBundle(writer: VulnDbWriter, bundle: string, options: OsvImportOptions = {}): Promise<BundleImportResult> {
  const source = options.sourceName ?? osvSourceName(bundle);
  const tally = new CorruptTally(bundle, options.strict ?? false, options.maxListed ?? 20);
  const reader = await openBundle(bundle, { accept: isOsvFileName });
  const label = path.basename(bundle);
  writer.beginSource({ name: source, kind: 'osv', location: options.location ?? path.resolve(bundle), digest: options.digest ?? null });
  let files = 0;
  try {
    for await (const item of reader.items()) {
      throwIfAborted(options.signal, `import of ${label}`);
      files++;
      if (files % 200 === 0) options.progress?.(reader.total ? Math.min(1, files / reader.total) : null, `${label}: ${files} files`);
      const docs = bundleDocuments(item, tally);
      if (!docs) continue;
      for (const doc of docs) {
        let record: AdvisoryRecord;
        try {
          record = parseOsvRecord(doc);
        } catch (error) {
          tally.add(item.name, (error as Error).message);
          continue;
        }
        writer.add(record, 'replace');
      }
    }
  } finally {
    reader.close();
  }
  return finishBundle(writer, tally, { bundle, kind: 'osv', source, digest: options.digest ?? null, files: files, label, progress: options.progress });
}

export function firstLine(s: string): string {
  const line = s.split('\n')[0] ?? s;
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
