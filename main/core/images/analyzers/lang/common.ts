// Helpers shared by the language analyzers: one way to build a PackageRecord (with a purl that
// never throws), path arithmetic for image-relative paths, and the ecosystem's full name.
import { PackageURL } from 'packageurl-js';
import type { PackageRecord, PackageType } from '../../../../../shared/model/package';

export interface LangPackage {
  type: PackageType;
  /** purl namespace: npm scope ('@babel'), Maven groupId, Go module path minus its last element, Composer vendor. */
  namespace: string | null;
  /** purl name: the last element only ('core', 'mux', 'commons-io'). */
  name: string;
  version: string;
  licenses?: string[];
  /** The declaring file, image-relative without a leading slash. */
  path: string;
  /** Overrides the purl's name (PyPI: the PEP 503 form); the record keeps `name` as written. */
  purlName?: string;
  /** Overrides the purl's namespace (Maven without a known groupId: see java-archive.ts). */
  purlNamespace?: string | null;
}

/** Separator between namespace and name in each ecosystem's own notation (advisories use it). */
const SEPARATOR: Partial<Record<PackageType, string>> = { maven: ':', npm: '/', golang: '/', composer: '/' };

/**
 * The name as the ecosystem (and OSV) writes it: '@babel/core', 'github.com/gorilla/mux',
 * 'org.apache.commons:commons-lang3', 'symfony/console'; just `name` where there is no namespace.
 */
export function ecosystemName(pkg: Pick<PackageRecord, 'type' | 'namespace' | 'name'>): string {
  if (!pkg.namespace) return pkg.name;
  return `${pkg.namespace}${SEPARATOR[pkg.type] ?? '/'}${pkg.name}`;
}

/** A purl string; a component the library rejects is dropped (version) or encoded by hand, never thrown. */
export function safePurl(type: string, namespace: string | null, name: string, version: string | null): string {
  try {
    return new PackageURL(type, namespace || undefined, name, version || undefined).toString();
  } catch {
    // e.g. a golang version starting with 'v' that is not SemVer: keep it, encoded, by hand.
  }
  const enc = (s: string) => encodeURIComponent(s).replace(/%3A/gi, ':');
  const ns = namespace ? `${namespace.split('/').map(enc).join('/')}/` : '';
  return `pkg:${type}/${ns}${enc(name || 'unknown')}${version ? `@${enc(version)}` : ''}`;
}

export function makePackage(p: LangPackage): PackageRecord {
  const purlNamespace = p.purlNamespace !== undefined ? p.purlNamespace : p.namespace;
  return {
    type: p.type,
    name: p.name,
    version: p.version,
    sourceName: null,
    sourceVersion: null,
    namespace: p.namespace,
    arch: null,
    purl: safePurl(p.type, purlNamespace, p.purlName ?? p.name, p.version),
    licenses: p.licenses ?? [],
    path: p.path,
    installedBy: null,
  };
}

/** 'a/b/c' → 'a/b'; 'c' → ''. */
export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Joins an image-relative directory and a relative (or absolute) path, resolving '.' and '..';
 * null when the result would leave the image root or is empty.
 */
export function joinImagePath(dir: string, rel: string): string | null {
  const parts: string[] = [];
  const input = rel.startsWith('/') ? rel : `${dir}/${rel}`;
  for (const seg of input.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return null;
      parts.pop();
      continue;
    }
    parts.push(seg);
  }
  return parts.length ? parts.join('/') : null;
}

/** A short, single-line reason for an exception, for notes. */
export function reason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const line = message.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** Dedupe strings keeping the first occurrence; drops empty ones. */
export function uniqueStrings(values: Iterable<string>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of values) {
    const v = raw.trim();
    if (!v || seen.has(v)) continue;
    seen.add(v);
    out.push(v);
  }
  return out;
}

/** Executables are recognised by content, but only where an executable can be. */
const BIN_DIRS = ['bin/', 'sbin/', 'usr/bin/', 'usr/sbin/', 'usr/local/bin/', 'usr/local/sbin/', 'usr/libexec/'];

export function looksExecutable(entry: { path: string; mode: number }): boolean {
  if ((entry.mode & 0o111) !== 0) return true;
  return BIN_DIRS.some((d) => entry.path.startsWith(d));
}

export function isElfHead(head: Buffer): boolean {
  return head.length >= 20 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;
}
