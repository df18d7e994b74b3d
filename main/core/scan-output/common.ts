// What every output format needs from a ScanReport: one stable reference per package, the
// package each finding belongs to, the image's digest, display names, sorting and stable ids.
// Pure functions of the report: the same report always gives the same references.
import { createHash } from 'node:crypto';
import { PackageURL } from 'packageurl-js';
import type { ImageFinding, ScanReport } from '../../../shared/model/scan-report';
import type { ImagePackage, PackageType } from '../../../shared/model/package';
import { isOsPackage } from '../../../shared/model/package';
import { emptyCounts, severityRank, type Severity } from '../../../shared/model/severity';
import type { Cvss } from '../../../shared/model/finding';

export interface PackageEntry {
  pkg: ImagePackage;
  /** Unique in the report and stable for the same report: the purl, or purl|path when the purl repeats. */
  ref: string;
  /** Short stable hash of the package's identity (type, namespace, name, version, path, arch). */
  key: string;
  /** True when a finding named a package the inventory does not list (made up from the finding). */
  synthetic: boolean;
}

export interface ReportIndex {
  /** Inventory packages in report order, then packages made up for findings that named no listed package. */
  packages: PackageEntry[];
  /** The package a finding is about (always found: made up from the finding when the inventory lacks it). */
  packageOf(finding: ImageFinding): PackageEntry;
}

export function shortHash(text: string, length = 12): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

function identity(pkg: Pick<ImagePackage, 'type' | 'namespace' | 'name' | 'version' | 'path' | 'arch'>): string {
  return [pkg.type, pkg.namespace ?? '', pkg.name, pkg.version, pkg.path, pkg.arch ?? ''].join('\u0000');
}

/** A purl for a package the inventory does not list, from what the finding says. */
export function purlFor(type: PackageType, namespace: string | null, name: string, version: string): string {
  try {
    return new PackageURL(type, namespace ?? undefined, name, version, undefined, undefined).toString();
  } catch {
    return `pkg:${type}/${encodeURIComponent(name)}@${encodeURIComponent(version)}`;
  }
}

export function indexReport(report: ScanReport): ReportIndex {
  const entries: PackageEntry[] = [];
  const usedRefs = new Set<string>();
  const purlCount = new Map<string, number>();
  for (const pkg of report.packages) purlCount.set(pkg.purl, (purlCount.get(pkg.purl) ?? 0) + 1);

  const add = (pkg: ImagePackage, synthetic: boolean): PackageEntry => {
    const purl = pkg.purl || purlFor(pkg.type, pkg.namespace, pkg.name, pkg.version);
    let ref = (purlCount.get(purl) ?? 0) > 1 || usedRefs.has(purl) ? `${purl}|${pkg.path}` : purl;
    for (let n = 2; usedRefs.has(ref); n += 1) ref = `${purl}|${pkg.path}|${n}`;
    usedRefs.add(ref);
    let key = shortHash(identity(pkg));
    // Two identical inventory rows would share a key: keep keys unique like refs.
    for (let n = 2; entries.some((e) => e.key === key); n += 1) key = shortHash(`${identity(pkg)}\u0000${n}`);
    const entry: PackageEntry = { pkg, ref, key, synthetic };
    entries.push(entry);
    return entry;
  };
  for (const pkg of report.packages) add(pkg, false);

  const byExact = new Map<string, PackageEntry>();
  const byLoose = new Map<string, PackageEntry>();
  for (const entry of entries) {
    const { type, name, version, path } = entry.pkg;
    const exact = [type, name, version, path].join('\u0000');
    const loose = [type, name, version].join('\u0000');
    if (!byExact.has(exact)) byExact.set(exact, entry);
    if (!byLoose.has(loose)) byLoose.set(loose, entry);
  }

  return {
    packages: entries,
    packageOf(finding) {
      const exact = [finding.packageType, finding.packageName, finding.packageVersion, finding.packagePath].join('\u0000');
      const loose = [finding.packageType, finding.packageName, finding.packageVersion].join('\u0000');
      const found = byExact.get(exact) ?? byLoose.get(loose);
      if (found) return found;
      const made = add(
        {
          type: finding.packageType,
          name: finding.packageName,
          version: finding.packageVersion,
          sourceName: isOsPackage(finding.packageType) ? finding.matchedName : null,
          sourceVersion: null,
          namespace: null,
          arch: null,
          purl: purlFor(finding.packageType, null, finding.packageName, finding.packageVersion),
          licenses: [],
          path: finding.packagePath,
          installedBy: null,
          layerIndex: finding.layerIndex,
          layerDiffId: finding.layerDiffId,
        },
        true,
      );
      byExact.set(exact, made);
      byLoose.set(loose, made);
      return made;
    },
  };
}

/** How people write the package's name: @scope/name for npm, group:artifact for Maven, the module path for Go. */
export function displayName(pkg: Pick<ImagePackage, 'type' | 'namespace' | 'name'>): string {
  const ns = pkg.namespace;
  if (!ns || isOsPackage(pkg.type)) return pkg.name;
  if (pkg.name.startsWith(`${ns}/`) || pkg.name.startsWith(`${ns}:`)) return pkg.name;
  if (pkg.type === 'maven') return `${ns}:${pkg.name}`;
  return `${ns}/${pkg.name}`;
}

/** The image's digest: the manifest digest from the first repo digest, else the image ID (config digest). */
export function imageDigest(report: ScanReport): string {
  for (const repoDigest of report.image.repoDigests) {
    const at = repoDigest.lastIndexOf('@');
    if (at > 0) return repoDigest.slice(at + 1);
  }
  return report.image.id;
}

/**
 * pkg:oci purl of the image, when a registry digest is known (the purl spec wants the manifest
 * digest as version; the image ID alone is not one).
 */
export function imagePurl(report: ScanReport): string | undefined {
  const repoDigest = report.image.repoDigests.find((d) => d.lastIndexOf('@') > 0);
  if (!repoDigest) return undefined;
  const at = repoDigest.lastIndexOf('@');
  const repository = repoDigest.slice(0, at);
  const digest = repoDigest.slice(at + 1);
  const name = repository.split('/').pop() ?? repository;
  const qualifiers: Record<string, string> = { repository_url: repository };
  const arch = report.image.platform?.split('/')[1];
  if (arch) qualifiers.arch = arch;
  const tag = report.image.repoTags.find((t) => t.startsWith(`${repository}:`))?.slice(repository.length + 1);
  if (tag) qualifiers.tag = tag;
  try {
    return new PackageURL('oci', undefined, name.toLowerCase(), digest, qualifiers, undefined).toString();
  } catch {
    return undefined;
  }
}

/** "alpine 3.10.4", or null when the OS is not known. */
export function osLabel(report: ScanReport): string | null {
  const os = report.image.os;
  return os ? `${os.family} ${os.version}` : null;
}

/** Most severe first, then package, version, vulnerability id: the order every format lists findings in. */
export function compareFindings(a: ImageFinding, b: ImageFinding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    cmp(a.packageName, b.packageName) ||
    cmp(a.packageVersion, b.packageVersion) ||
    cmp(a.vulnId, b.vulnId) ||
    cmp(a.packagePath, b.packagePath)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedFindings(report: ScanReport): ImageFinding[] {
  return [...report.vulnerabilities].sort(compareFindings);
}

/** The most useful CVSS entry: v3 first (what code-scanning UIs expect), then v4, then v2; the highest score of that version. */
export function primaryCvss(cvss: readonly Cvss[]): Cvss | undefined {
  for (const version of ['3', '4', '2']) {
    const scored = cvss.filter((c) => cvssVersion(c) === version && c.score !== null);
    if (scored.length) return scored.reduce((best, c) => ((c.score ?? 0) > (best.score ?? 0) ? c : best));
  }
  return undefined;
}

/** '2' | '3' | '4' from the OSV type (CVSS_V3) or the vector prefix (CVSS:3.1/…); '' when neither says. */
export function cvssVersion(c: Pick<Cvss, 'type' | 'vector'>): string {
  const fromVector = /^CVSS:(\d)/.exec(c.vector)?.[1];
  if (fromVector) return fromVector;
  const fromType = /V(\d)/i.exec(c.type)?.[1];
  if (fromType) return fromType;
  // A v2 vector has no prefix: AV:N/AC:L/Au:N/C:P/I:P/A:P
  return /(^|\/)Au:/.test(c.vector) ? '2' : '';
}

/** A public page for a vulnerability id, when the id's form says where it lives. */
export function advisoryUrl(id: string): string | undefined {
  if (/^CVE-\d{4}-\d+$/i.test(id)) return `https://nvd.nist.gov/vuln/detail/${id.toUpperCase()}`;
  if (/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/i.test(id)) return `https://github.com/advisories/${id}`;
  if (/^GO-\d{4}-\d+$/.test(id)) return `https://pkg.go.dev/vuln/${id}`;
  if (/^(PYSEC|RUSTSEC|OSV|GSD|MAL|ALPINE|DLA|DSA|USN|RHSA|ALSA|RLSA)-/i.test(id)) return `https://osv.dev/vulnerability/${id}`;
  return undefined;
}

/** The first http(s) reference, else the id's public page. */
export function helpUrl(finding: Pick<ImageFinding, 'vulnId' | 'references'>): string | undefined {
  return advisoryUrl(finding.vulnId) ?? finding.references.find((r) => /^https?:\/\//i.test(r));
}

/** What the fix column says: the fixed version, or why there is none. */
export function fixText(finding: Pick<ImageFinding, 'fixState' | 'fixedVersion'>): string {
  if (finding.fixedVersion) return finding.fixedVersion;
  switch (finding.fixState) {
    case 'wont-fix':
      return "won't fix";
    case 'not-fixed':
      return 'not fixed';
    default:
      return 'unknown';
  }
}

/** A UUID (version 5 layout) from a name: the same name always gives the same UUID. */
export function stableUuid(name: string): string {
  const bytes = createHash('sha1').update(name).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** ISO 8601 UTC without fractions (SPDX wants YYYY-MM-DDThh:mm:ssZ); the input as is when it is no date. */
export function utcSeconds(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function parseDate(value: string | null): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function countBySeverity(findings: readonly ImageFinding[]): Record<Severity, number> {
  const counts = emptyCounts();
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}
