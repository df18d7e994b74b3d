// Package URLs for OS packages, and the distro facts that only the whole image knows.
//
// An analyzer sees one file, so it cannot know which distribution the image is: it writes a
// purl with the default namespace of its package manager (debian, alpine, or a guess from the
// rpm Vendor) and no `distro` qualifier. After OS detection the lead calls `applyOs` (or
// `withDistro` on a bare purl string) to put in the OS family as namespace and the `distro`
// qualifier, e.g. pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12.
import { PackageURL } from 'packageurl-js';
import type { OsInfo } from '../../../../../shared/model/os-info';
import type { PackageRecord } from '../../../../../shared/model/package';

export type OsPackageType = 'deb' | 'apk' | 'rpm';

/** A purl with its qualifiers sorted and percent-encoded by packageurl-js; empty qualifiers dropped. */
export function osPurl(
  type: OsPackageType,
  namespace: string | null,
  name: string,
  version: string,
  qualifiers: Record<string, string | null | undefined>,
): string {
  const q: Record<string, string> = {};
  for (const [key, value] of Object.entries(qualifiers)) if (value) q[key] = value;
  return new PackageURL(type, namespace || undefined, name, version || undefined, Object.keys(q).length ? q : undefined, undefined).toString();
}

/** The purl namespace for an OS family: rhel → redhat (as the purl spec's examples), others as their os-release ID. */
export function purlNamespace(os: OsInfo): string {
  const family = os.family.toLowerCase();
  return family === 'rhel' ? 'redhat' : family;
}

/**
 * The `distro` qualifier: Alpine-like distributions use the bare version (distro=3.10.4, as
 * Trivy writes it), every other one `<family>-<version>` (debian-12, rhel-8.9, ubuntu-22.04).
 */
export function distroQualifier(os: OsInfo): string | null {
  const family = os.family.toLowerCase();
  if (!os.version) return family || null;
  if (family === 'alpine' || family === 'wolfi' || family === 'chainguard') return os.version;
  return `${family}-${os.version}`;
}

/** The purl with its namespace set to the OS family and a `distro` qualifier; other purls unchanged. */
export function withDistro(purl: string, os: OsInfo): string {
  let parsed: PackageURL;
  try {
    parsed = PackageURL.fromString(purl);
  } catch {
    return purl;
  }
  if (parsed.type !== 'deb' && parsed.type !== 'apk' && parsed.type !== 'rpm') return purl;
  const qualifiers: Record<string, string> = { ...(parsed.qualifiers ?? {}) };
  const distro = distroQualifier(os);
  if (distro) qualifiers.distro = distro;
  else delete qualifiers.distro;
  return osPurl(parsed.type, purlNamespace(os), parsed.name, parsed.version ?? '', qualifiers);
}

/** An OS package with its namespace and purl completed from the detected OS (language packages pass through). */
export function applyOs(pkg: PackageRecord, os: OsInfo): PackageRecord {
  if (pkg.type !== 'deb' && pkg.type !== 'apk' && pkg.type !== 'rpm') return pkg;
  return { ...pkg, namespace: purlNamespace(os), purl: withDistro(pkg.purl, os) };
}
