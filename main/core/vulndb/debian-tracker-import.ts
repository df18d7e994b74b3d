// The Debian security tracker's JSON (https://security-tracker.debian.org/tracker/data/json):
// {source package: {CVE: {description, scope, releases: {codename: {status, fixed_version,
// urgency, nodsa, nodsa_reason, repositories}}}}}. Read member by member (the document is
// ~100 MB), optionally gzip'd. Per release:
//   resolved + fixed_version X   → vulnerable below X ("0": never affected, no row)
//   open                         → not-fixed; with a no-DSA note, "ignored", "postponed" or
//                                  urgency end-of-life → wont-fix (as Grype and Trivy read it)
//   undetermined                 → unknown
// Urgency (unimportant, low, medium, high; "**" marks dropped) is the vendor severity.
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { normalizeVendorSeverity, optionalString, trackerAdvisory, trimDetails, type AffectedRecord, type RowState } from './advisory-record';
import { bundleError, readHead } from './bundle-entries';
import { CorruptTally, finishBundle, isObject, throwIfAborted, type BundleImportResult, type ImportContext } from './import-context';
import { jsonObjectMembers, JsonFramingError } from './json-members';
import type { VulnDbWriter } from './vulndb-writer';

/** Debian codenames to the release part of the ecosystem ('Debian:12'). */
export const DEBIAN_RELEASES: Readonly<Record<string, string>> = {
  wheezy: '7',
  jessie: '8',
  stretch: '9',
  buster: '10',
  bullseye: '11',
  bookworm: '12',
  trixie: '13',
  forky: '14',
  duke: '15',
  sid: 'unstable',
};

export function debianEcosystem(codename: string): string | null {
  const r = DEBIAN_RELEASES[codename.trim().toLowerCase()];
  return r ? `Debian:${r}` : null;
}

/** One tracker release entry to an affected row (null: not affected, or nothing usable). */
export function trackerRow(ecosystem: string, sourcePackage: string, release: Record<string, unknown>): AffectedRecord | null {
  const status = optionalString(release.status)?.toLowerCase() ?? '';
  const urgencyRaw = optionalString(release.urgency);
  const urgency = urgencyRaw?.replace(/\*/g, '').trim().toLowerCase() ?? '';
  const nodsa = optionalString(release.nodsa);
  const nodsaReason = optionalString(release.nodsa_reason)?.toLowerCase() ?? '';
  const fixedVersion = optionalString(release.fixed_version);
  const base = {
    ecosystem,
    name: sourcePackage,
    versions: [] as string[],
    vendorSeverity: normalizeVendorSeverity(urgencyRaw),
    vendorSeverityRaw: urgencyRaw,
  };
  if (status === 'resolved') {
    if (!fixedVersion || fixedVersion === '0') return null;
    return { ...base, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: fixedVersion }] }], fixed: [fixedVersion], state: null };
  }
  let state: RowState;
  if (status === 'open') {
    const wontFix =
      nodsa !== null || nodsaReason === 'ignored' || nodsaReason === 'postponed' || nodsaReason === 'end-of-life' || urgency === 'end-of-life';
    state = wontFix ? 'wont-fix' : 'not-fixed';
  } else if (status === 'undetermined') {
    state = 'unknown';
  } else {
    return null;
  }
  return { ...base, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }], fixed: [], state };
}

export interface DebianImportOptions extends ImportContext {
  sourceName?: string;
  digest?: string | null;
  location?: string;
}

export function debianSourceName(bundle: string): string {
  return `debian-tracker:${path.basename(path.resolve(bundle)).replace(/(\.json)?(\.gz)?$/i, '') || 'json'}`;
}

export async function importDebianTracker(writer: VulnDbWriter, bundle: string, options: DebianImportOptions = {}): Promise<BundleImportResult> {
  const source = options.sourceName ?? debianSourceName(bundle);
  const label = path.basename(bundle);
  let size: number;
  try {
    const st = fs.statSync(bundle);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch (error) {
    throw bundleError(bundle, `cannot read the Debian tracker file ${bundle} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const head = readHead(bundle, 2);
  const gz = head[0] === 0x1f && head[1] === 0x8b;
  const tally = new CorruptTally(bundle, options.strict ?? false, options.maxListed ?? 20);
  writer.beginSource({ name: source, kind: 'debian-tracker', location: options.location ?? path.resolve(bundle), digest: options.digest ?? null });

  const file = fs.createReadStream(bundle, { highWaterMark: 1 << 20 });
  // pipeline() destroys the last stream with any error, so the iterator below sees it.
  const stream = gz ? pipeline(file, createGunzip(), () => {}) : file;
  let members = 0;
  try {
    for await (const [pkg, value, parseError] of jsonObjectMembers(stream as AsyncIterable<Buffer>)) {
      throwIfAborted(options.signal, `import of ${label}`);
      members++;
      if (members % 100 === 0) options.progress?.(size ? Math.min(1, file.bytesRead / size) : null, `${label}: ${members} source packages`);
      if (parseError !== undefined || !isObject(value)) {
        tally.add(pkg, parseError ? `not valid JSON (${parseError})` : 'not an object of CVE entries');
        continue;
      }
      for (const [id, entry] of Object.entries(value)) {
        if (!isObject(entry) || (entry.releases !== undefined && !isObject(entry.releases))) {
          tally.add(`${pkg}/${id}`, 'not a tracker entry (no "releases" object)');
          continue;
        }
        const rows: AffectedRecord[] = [];
        for (const [codename, release] of Object.entries((entry.releases as Record<string, unknown> | undefined) ?? {})) {
          const ecosystem = debianEcosystem(codename);
          if (!ecosystem || !isObject(release)) continue;
          const row = trackerRow(ecosystem, pkg, release);
          if (row) rows.push(row);
        }
        if (!rows.length) continue;
        writer.add(trackerAdvisory(id, { details: trimDetails(entry.description), references: [`https://security-tracker.debian.org/tracker/${id}`], affected: rows }), 'merge');
      }
    }
  } catch (error) {
    file.destroy();
    if (error instanceof JsonFramingError) throw bundleError(bundle, `${bundle} is not a Debian security tracker JSON document (${error.message})`);
    if ((error as NodeJS.ErrnoException).code === 'Z_DATA_ERROR' || (error as Error).message?.includes('unexpected end of file')) {
      throw bundleError(bundle, `${bundle} is a damaged gzip file (${(error as Error).message})`);
    }
    throw error;
  }
  return finishBundle(writer, tally, { bundle, kind: 'debian-tracker', source, digest: options.digest ?? null, files: members, label, progress: options.progress });
}
