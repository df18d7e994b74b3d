// Installed Python distributions, from the metadata installers leave beside the code:
//   <site>/<name>-<ver>.dist-info/METADATA    (pip/wheel; core metadata, RFC 822 headers)
//   <site>/<name>-<ver>.dist-info/RECORD      (the files it installed, CSV, relative to <site>)
//   <site>/<name>-<ver>[-pyX.Y].egg-info/PKG-INFO and installed-files.txt (setuptools)
//   <site>/<name>-<ver>[-pyX.Y].egg-info      (a single file: distutils, many Debian packages)
//   <site>/<name>-<ver>.egg/EGG-INFO/PKG-INFO  (unzipped eggs)
// Debian's python3-* packages put theirs under usr/lib/python3/dist-packages: they are reported
// too; the lead marks installedBy afterwards from dpkg's file ownership.
import type { PackageRecord } from '../../../../../shared/model/package';
import type { Analyzer, AnalyzerOutput, EntryFacts } from '../analyzer';
import { basename, dirname, joinImagePath, makePackage, uniqueStrings } from './common';

type Kind = 'metadata' | 'record' | 'installed-files' | 'egg-info-file';

/** What a path is to this analyzer, and the metadata directory it belongs to. */
export function pythonFileKind(path: string): Kind | null {
  const name = basename(path);
  const dir = dirname(path);
  const dirName = basename(dir);
  if (dirName.endsWith('.dist-info') && dirName.length > 10) {
    if (name === 'METADATA') return 'metadata';
    if (name === 'RECORD') return 'record';
    return null;
  }
  if (dirName.endsWith('.egg-info') && dirName.length > 9) {
    if (name === 'PKG-INFO') return 'metadata';
    if (name === 'installed-files.txt') return 'installed-files';
    return null;
  }
  if (dirName === 'EGG-INFO' && basename(dirname(dir)).endsWith('.egg') && name === 'PKG-INFO') return 'metadata';
  if (name.endsWith('.egg-info') && name.length > 9) return 'egg-info-file';
  return null;
}

export interface CoreMetadata {
  name?: string;
  version?: string;
  license?: string;
  licenseExpression?: string;
  classifiers: string[];
}

/**
 * The header block of core metadata (up to the first blank line; the body is the description).
 * Continuation lines start with whitespace. Field names are case-insensitive.
 */
export function parseCoreMetadata(text: string): CoreMetadata {
  const md: CoreMetadata = { classifiers: [] };
  let field = '';
  let value = '';
  const flush = () => {
    if (!field) return;
    switch (field) {
      case 'name':
        md.name ??= value.trim();
        break;
      case 'version':
        md.version ??= value.trim();
        break;
      case 'license':
        md.license ??= value;
        break;
      case 'license-expression':
        md.licenseExpression ??= value.trim();
        break;
      case 'classifier':
        md.classifiers.push(value.trim());
        break;
    }
    field = '';
  };
  let start = 0;
  const length = text.length;
  while (start < length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = length;
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') break; // end of headers
    const c = line.charCodeAt(0);
    if (c === 32 || c === 9) {
      if (field) value += `\n${line.trim()}`;
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    field = line.slice(0, colon).trim().toLowerCase();
    value = line.slice(colon + 1).trim();
  }
  flush();
  return md;
}

/** PEP 503: lower case, runs of '-', '_' and '.' become one '-'. */
export function pep503(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * License-Expression (metadata 2.4) first; else a one-line License field (not UNKNOWN, not a whole
 * license text); else the "License ::" classifiers' last part ("MIT License").
 */
export function pythonLicenses(md: CoreMetadata): string[] {
  if (md.licenseExpression) return [md.licenseExpression];
  const lic = md.license?.trim();
  if (lic && !lic.includes('\n') && lic.length <= 200 && lic.toUpperCase() !== 'UNKNOWN') return [lic];
  const fromClassifiers: string[] = [];
  for (const c of md.classifiers) {
    const parts = c.split('::').map((p) => p.trim());
    const last = parts[parts.length - 1] ?? '';
    if (parts[0] === 'License' && parts.length >= 2 && last !== 'OSI Approved') fromClassifiers.push(last);
  }
  return uniqueStrings(fromClassifiers);
}

/** One RECORD row's path (first CSV column, which may be quoted). */
function recordPath(line: string): string {
  if (!line.startsWith('"')) {
    const comma = line.indexOf(',');
    return comma < 0 ? line : line.slice(0, comma);
  }
  let out = '';
  let i = 1;
  while (i < line.length) {
    const ch = line[i] as string;
    if (ch === '"') {
      if (line[i + 1] === '"') {
        out += '"';
        i += 2;
        continue;
      }
      break;
    }
    out += ch;
    i++;
  }
  return out;
}

/** Image paths from a list of paths relative to `baseDir`; paths that leave the image are dropped. */
function resolveList(lines: string[], baseDir: string, pick: (line: string) => string): { paths: string[]; outside: number } {
  const paths: string[] = [];
  let outside = 0;
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line.trim()) continue;
    const rel = pick(line).trim();
    if (!rel) continue;
    const p = joinImagePath(baseDir, rel);
    if (p) paths.push(p);
    else outside++;
  }
  return { paths, outside };
}

function hasNul(b: Buffer): boolean {
  return b.indexOf(0) >= 0;
}

function packageFromMetadata(text: string, path: string): { pkg: PackageRecord | null; note?: string } {
  const md = parseCoreMetadata(text);
  if (!md.name || !md.version) return { pkg: null, note: `${path}: no Name/Version in Python package metadata, skipped` };
  return {
    pkg: makePackage({
      type: 'pypi',
      namespace: null,
      name: md.name,
      version: md.version,
      licenses: pythonLicenses(md),
      path,
      purlName: pep503(md.name),
    }),
  };
}

export const pythonDistAnalyzer: Analyzer = {
  id: 'python-dist',
  version: 1,
  maxBytes: 16 * 1024 * 1024,
  wants(entry: EntryFacts): boolean {
    return pythonFileKind(entry.path) !== null;
  },
  analyze(entry: EntryFacts, content: Buffer): AnalyzerOutput {
    const kind = pythonFileKind(entry.path);
    if (!kind) return {};
    if (hasNul(content)) return { notes: [`${entry.path}: binary data, not Python package metadata; not read`] };
    const text = content.toString('utf8');
    const metaDir = dirname(entry.path);
    switch (kind) {
      case 'metadata':
      case 'egg-info-file': {
        const { pkg, note } = packageFromMetadata(text, entry.path);
        const out: AnalyzerOutput = {};
        if (pkg) out.packages = [pkg];
        if (note) out.notes = [note];
        if (kind === 'egg-info-file') out.ownedPaths = [entry.path];
        else if (basename(metaDir) === 'EGG-INFO') out.ownedPrefixes = [`${dirname(metaDir)}/`];
        else out.ownedPrefixes = [`${metaDir}/`];
        return out;
      }
      case 'record': {
        // RECORD paths are relative to the directory holding the .dist-info (site-packages).
        const { paths, outside } = resolveList(text.split('\n'), dirname(metaDir), recordPath);
        const out: AnalyzerOutput = { ownedPaths: paths };
        if (outside) out.notes = [`${entry.path}: ${outside} path(s) outside the image ignored`];
        return out;
      }
      case 'installed-files': {
        // installed-files.txt paths are relative to the .egg-info directory itself.
        const { paths, outside } = resolveList(text.split('\n'), metaDir, (l) => l);
        const out: AnalyzerOutput = { ownedPaths: paths };
        if (outside) out.notes = [`${entry.path}: ${outside} path(s) outside the image ignored`];
        return out;
      }
    }
  },
};
