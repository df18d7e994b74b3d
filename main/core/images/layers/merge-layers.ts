// The image's final file system from its layers' analyses, applied in order the way overlayfs
// and the OCI image spec do: whiteouts and opaque directories delete what lower layers wrote,
// then the layer's own files and symlinks land. Packages are kept while the file that declared
// them survives, and each is attributed to the layer that brought it.
import type { FileRecord, ImageFile, LayerInfo } from '../../../../shared/model/image';
import type { OsInfo } from '../../../../shared/model/os-info';
import type { ImagePackage, PackageRecord } from '../../../../shared/model/package';
import { osFromDpkgPackages, pickOs } from '../analyzers/os/os-choice';
import { DEFAULT_ARCHIVE_LIMITS } from './archive-limits';
import type { LayerAnalysis } from './layer-analysis';
import { isUnder, parentOf, relativePath } from './tar-path';

export interface LayerInput {
  info: LayerInfo;
  analysis: LayerAnalysis;
}

export interface MergedSymlink {
  path: string;
  target: string;
  layerIndex: number;
  layerDiffId: string;
}

export interface MergedImage {
  /** Regular files (and hardlinks) of the final file system, each from the layer that last wrote it. */
  files: ReadonlyMap<string, ImageFile>;
  symlinks: ReadonlyMap<string, MergedSymlink>;
  /** Directories implied by the paths above ('' is the root). */
  directories: ReadonlySet<string>;
  /** Release files that survive, each as the topmost layer that wrote it saw it. */
  osCandidates: OsInfo[];
  /** pickOs over osCandidates, or the dpkg database's word for distroless images. */
  os: OsInfo | null;
  packages: ImagePackage[];
  /** Paths owned by packages whose declaring file survives, also as reached through symlinked directories. */
  ownedPaths: ReadonlySet<string>;
  ownedPrefixes: readonly string[];
  /** The subset of ownedPaths owned by OS package managers. */
  osOwnedPaths: ReadonlySet<string>;
  /** Files that declared packages or ownership (package databases): never 'unowned'. */
  packageFiles: ReadonlySet<string>;
  /** unownedFiles(merged), computed once: files that belong to no package, by path. */
  unownedFiles: ImageFile[];
  notes: string[];
  maxSymlinkDepth: number;
}

export interface MergeOptions {
  maxSymlinkDepth?: number;
}

/** Every field of a FileRecord, which the merge copies one by one: a field added to the model fails to compile here until it is copied too. */
const COPIED_FILE_FIELDS: Record<keyof FileRecord, true> = { path: true, size: true, mode: true, uid: true, gid: true, sha256: true };
void COPIED_FILE_FIELDS;

interface State {
  files: Map<string, ImageFile>;
  symlinks: Map<string, MergedSymlink>;
  /** Positions (in the layer list) that wrote each regular file since it was last deleted. */
  versions: Map<string, number[]>;
  /**
   * Every directory that had something under it (may be stale after deletions; only a hint), with
   * its ancestors; never a path that is now a regular file or symlink (writing one at a directory
   * drops the directory and those under it from here).
   */
  dirs: Set<string>;
}

export function mergeLayers(layers: readonly LayerInput[], options: MergeOptions = {}): MergedImage {
  const ordered = [...layers].sort((a, b) => a.info.index - b.info.index);
  const state: State = { files: new Map(), symlinks: new Map(), versions: new Map(), dirs: new Set(['']) };
  const notes: string[] = [];
  const everFile = new Set<string>();
  // Which layers wrote a file matters only for files that declare something (package databases,
  // release files): tracking it for every file would cost an array each.
  const declaringFiles = new Set<string>();
  for (const { analysis } of ordered) {
    for (const pkg of analysis.packages) declaringFiles.add(relativePath(pkg.path));
    for (const os of analysis.osCandidates ?? []) declaringFiles.add(relativePath(os.source));
    for (const run of analysis.ownedBy ?? []) declaringFiles.add(relativePath(run.path));
  }

  ordered.forEach(({ info, analysis }, position) => {
    removeAll(state, analysis.whiteouts.map(relativePath), analysis.opaqueDirs.map(relativePath));
    for (const file of analysis.files) {
      const path = file.path;
      const parent = parentOf(path);
      replaceAt(state, path, parent);
      state.symlinks.delete(path);
      // A literal, not a spread: twice as fast over a layer's tens of thousands of files.
      state.files.set(path, { path, size: file.size, mode: file.mode, uid: file.uid, gid: file.gid, sha256: file.sha256, layerIndex: info.index, layerDiffId: info.diffId });
      if (declaringFiles.has(path)) {
        everFile.add(path);
        const chain = state.versions.get(path);
        if (chain) chain.push(position);
        else state.versions.set(path, [position]);
      }
      addDirs(state, parent);
    }
    for (const link of analysis.symlinks) {
      const parent = parentOf(link.path);
      replaceAt(state, link.path, parent);
      state.files.delete(link.path);
      state.versions.delete(link.path);
      state.symlinks.set(link.path, { path: link.path, target: link.target, layerIndex: info.index, layerDiffId: info.diffId });
      addDirs(state, parent);
    }
  });

  const topWriter = (path: string): number | null => {
    const chain = state.versions.get(path);
    return chain && chain.length > 0 ? chain[chain.length - 1]! : null;
  };

  // Packages: per declaring file, those of its topmost version, each attributed to the lowest
  // layer of the unbroken run of versions (from the top down) that already listed it.
  const byLayerAndPath = ordered.map(({ analysis }) => groupBy(analysis.packages, (p) => relativePath(p.path)));
  const declaring = new Set<string>();
  for (const groups of byLayerAndPath) for (const path of groups.keys()) declaring.add(path);
  const packages: ImagePackage[] = [];
  for (const path of [...declaring].sort()) {
    const chain = state.versions.get(path) ?? (everFile.has(path) ? null : declaredChain(byLayerAndPath, path, state));
    if (!chain || chain.length === 0) continue; // the declaring file is gone: so are its packages
    const top = chain[chain.length - 1]!;
    const current = byLayerAndPath[top]!.get(path) ?? [];
    const keysAt = chain.map((position) => new Set((byLayerAndPath[position]!.get(path) ?? []).map(packageKey)));
    for (const pkg of current) {
      const key = packageKey(pkg);
      let j = chain.length - 1;
      while (j > 0 && keysAt[j - 1]!.has(key)) j -= 1;
      const from = ordered[chain[j]!]!.info;
      packages.push({ ...pkg, installedBy: pkg.installedBy ?? null, layerIndex: from.index, layerDiffId: from.diffId });
    }
  }

  // OS release files: the candidate of the topmost version of each surviving file.
  const osCandidates: OsInfo[] = [];
  const osSources = new Set<string>();
  ordered.forEach(({ analysis }) => {
    for (const os of analysis.osCandidates ?? []) osSources.add(relativePath(os.source));
  });
  for (const source of [...osSources].sort()) {
    const top = topWriter(source);
    if (top === null) continue;
    const found = (ordered[top]!.analysis.osCandidates ?? []).filter((os) => relativePath(os.source) === source);
    osCandidates.push(...found);
  }

  // Ownership: runs whose declaring file's surviving version is the one that declared them.
  // Paths go through the final file system's symlinked directories once they are all known.
  const ownedRuns: { paths: readonly string[]; from: number; to: number; os: boolean }[] = [];
  const legacyOsOwned: string[] = [];
  const prefixes: string[] = [];
  const packageFiles = new Set<string>(declaring);
  ordered.forEach(({ analysis }, position) => {
    if (!analysis.ownedBy) {
      ownedRuns.push({ paths: analysis.ownedPaths, from: 0, to: analysis.ownedPaths.length, os: false });
      legacyOsOwned.push(...(analysis.osOwnedPaths ?? []));
      prefixes.push(...analysis.ownedPrefixes);
      return;
    }
    let p = 0;
    let q = 0;
    for (const run of analysis.ownedBy) {
      const declaredBy = relativePath(run.path);
      packageFiles.add(declaredBy);
      const survives = topWriter(declaredBy) === position;
      if (survives) {
        ownedRuns.push({ paths: analysis.ownedPaths, from: p, to: p + run.paths, os: run.os === true });
        for (let i = q; i < q + run.prefixes; i++) prefixes.push(analysis.ownedPrefixes[i]!);
      }
      p += run.paths;
      q += run.prefixes;
    }
  });

  const merged: MergedImage = {
    files: state.files,
    symlinks: state.symlinks,
    directories: liveDirectories(state),
    osCandidates,
    os: null,
    packages,
    ownedPaths: new Set(),
    ownedPrefixes: [],
    osOwnedPaths: new Set(),
    packageFiles,
    unownedFiles: [],
    notes,
    maxSymlinkDepth: options.maxSymlinkDepth ?? DEFAULT_ARCHIVE_LIMITS.maxSymlinkDepth,
  };
  merged.os = pickOs(osCandidates) ?? osFromDpkgPackages(packages);
  const resolver = new OwnedPathResolver(merged);
  const ownedPaths = new Set<string>();
  const osOwnedPaths = new Set<string>();
  for (const run of ownedRuns) {
    for (let i = run.from; i < run.to; i++) resolver.add(run.paths[i]!, ownedPaths, run.os ? osOwnedPaths : null);
  }
  for (const path of legacyOsOwned) resolver.add(path, osOwnedPaths, null);
  const ownedPrefixes = new Set<string>();
  for (const path of prefixes) resolver.add(path, ownedPrefixes, null);
  merged.ownedPaths = ownedPaths;
  merged.osOwnedPaths = osOwnedPaths;
  merged.ownedPrefixes = [...ownedPrefixes].sort();
  merged.unownedFiles = unownedFiles(merged);
  return merged;
}

/** Regular files no package owns: not listed, not under an owned directory, not a package database. */
export function unownedFiles(merged: Pick<MergedImage, 'files' | 'ownedPaths' | 'ownedPrefixes' | 'packageFiles'>): ImageFile[] {
  const prefixes = new Set(merged.ownedPrefixes);
  // Whether a directory is (under) an owned prefix, once per directory: files share them
  const covered = new Map<string, boolean>();
  const isCovered = (dir: string): boolean => {
    let answer = covered.get(dir);
    if (answer === undefined) {
      answer = dir !== '' && (prefixes.has(dir) || isCovered(parentOf(dir)));
      covered.set(dir, answer);
    }
    return answer;
  };
  const out: ImageFile[] = [];
  for (const [path, file] of merged.files) {
    if (merged.ownedPaths.has(path) || merged.packageFiles.has(path)) continue;
    if (!prefixes.has(path) && !isCovered(parentOf(path))) out.push(file);
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export type Resolution =
  | { kind: 'file'; path: string; file: ImageFile; links: number }
  | { kind: 'directory'; path: string; links: number }
  /** The final component is a symlink (only when followFinal is false). */
  | { kind: 'symlink'; path: string; target: string; links: number }
  /** Dangling: the resolved path does not exist in the image. */
  | { kind: 'missing'; path: string; links: number }
  /** More than maxSymlinkDepth links on the way: a cycle or a chain too long. */
  | { kind: 'too-deep'; path: string; links: number };

/**
 * Resolve `path` inside the image as chroot would: absolute targets start at the image root, and
 * '..' never climbs above it, so no link leads out of the image. Nothing on disk is touched.
 */
export function resolveSymlink(merged: Pick<MergedImage, 'files' | 'symlinks' | 'directories' | 'maxSymlinkDepth'>, path: string, options: { followFinal?: boolean; maxDepth?: number } = {}): Resolution {
  const followFinal = options.followFinal ?? true;
  const maxDepth = options.maxDepth ?? merged.maxSymlinkDepth;
  const todo = path.split('/').reverse();
  let resolved: string[] = [];
  let links = 0;
  while (todo.length > 0) {
    const part = todo.pop()!;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    resolved.push(part);
    const link = merged.symlinks.get(resolved.join('/'));
    if (!link || (todo.length === 0 && !followFinal)) continue;
    links += 1;
    if (links > maxDepth) return { kind: 'too-deep', path: resolved.join('/'), links };
    resolved.pop();
    if (link.target.startsWith('/')) resolved = [];
    const parts = link.target.split('/');
    for (let i = parts.length - 1; i >= 0; i -= 1) todo.push(parts[i]!);
  }
  const final = resolved.join('/');
  const file = merged.files.get(final);
  if (file) return { kind: 'file', path: final, file, links };
  const link = merged.symlinks.get(final);
  if (link) return { kind: 'symlink', path: final, target: link.target, links };
  if (merged.directories.has(final)) return { kind: 'directory', path: final, links };
  return { kind: 'missing', path: final, links };
}

// ---- helpers ------------------------------------------------------------------------------

function packageKey(pkg: PackageRecord): string {
  return `${pkg.type}\0${pkg.name}\0${pkg.version}`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/**
 * A declaring path that no layer has as a regular file (an analyzer that names a virtual path):
 * its packages come from the topmost layer that declared it, unless a later layer deleted it.
 */
function declaredChain(byLayerAndPath: Map<string, PackageRecord[]>[], path: string, state: State): number[] | null {
  if (state.symlinks.has(path)) return null;
  for (let position = byLayerAndPath.length - 1; position >= 0; position -= 1) {
    if (byLayerAndPath[position]!.has(path)) return [position];
  }
  return null;
}

/** `dir` (the parent of something just written) and its ancestors are directories. */
function addDirs(state: State, dir: string): void {
  while (!state.dirs.has(dir)) {
    state.dirs.add(dir);
    dir = parentOf(dir);
  }
}

/** A layer writes a file or symlink at `path`: a regular file at an ancestor, or a directory at `path`, is replaced. */
function replaceAt(state: State, path: string, parent: string): void {
  // Ancestors in `dirs` are directories, and so are theirs: only the ones above them can be files.
  let dir = parent;
  while (dir !== '' && !state.dirs.has(dir)) {
    if (state.files.delete(dir)) state.versions.delete(dir);
    dir = parentOf(dir);
  }
  if (state.dirs.has(path)) {
    removeUnder(state, path);
    for (const d of [...state.dirs]) if (d === path || isUnder(d, path)) state.dirs.delete(d);
  }
}

/**
 * A layer's whiteouts (each deletes its path and everything under it) and opaque directories
 * (everything under them), applied together before the layer's own entries land. Deletions
 * commute, so one pass over the paths below (each checked against its ancestors) does them all,
 * however many whiteouts the layer has ('rm -rf /usr/share/doc/*' writes hundreds).
 */
function removeAll(state: State, whiteouts: readonly string[], opaqueDirs: readonly string[]): void {
  if (whiteouts.length === 0 && opaqueDirs.length === 0) return;
  // Everything under these directories goes; the paths in `exact` go themselves too.
  const under = new Set<string>(opaqueDirs);
  const exact = new Set<string>();
  for (const path of whiteouts) {
    if (path === '') under.add('');
    else exact.add(path);
    if (state.dirs.has(path)) under.add(path);
  }
  if (under.size === 0) {
    for (const path of exact) {
      state.files.delete(path);
      state.symlinks.delete(path);
      state.versions.delete(path);
    }
    return;
  }
  const gone = (path: string): boolean => {
    if (exact.has(path)) return true;
    let dir = path;
    do {
      dir = parentOf(dir);
      if (under.has(dir)) return true;
    } while (dir !== '');
    return false;
  };
  for (const path of [...state.files.keys()]) {
    if (gone(path)) {
      state.files.delete(path);
      state.versions.delete(path);
    }
  }
  for (const path of [...state.symlinks.keys()]) if (gone(path)) state.symlinks.delete(path);
  // A whiteout of a file that was deleted before (versions only) must end its chain as well.
  for (const path of exact) state.versions.delete(path);
}

function removeUnder(state: State, dir: string): void {
  for (const path of [...state.files.keys()]) {
    if (isUnder(path, dir)) {
      state.files.delete(path);
      state.versions.delete(path);
    }
  }
  for (const path of [...state.symlinks.keys()]) if (isUnder(path, dir)) state.symlinks.delete(path);
}

function liveDirectories(state: State): Set<string> {
  const dirs = new Set<string>(['']);
  const add = (path: string): void => {
    let dir = parentOf(path);
    while (!dirs.has(dir)) {
      dirs.add(dir);
      dir = parentOf(dir);
    }
  };
  for (const path of state.files.keys()) add(path);
  for (const path of state.symlinks.keys()) add(path);
  return dirs;
}

/**
 * Owned paths as listed, plus where they really are when the list goes through a symlinked
 * directory (usrmerge: bin → usr/bin). Package databases list every file of a directory: each
 * directory is resolved once.
 */
class OwnedPathResolver {
  private readonly parents = new Map<string, string | null>();
  constructor(private readonly merged: MergedImage) {}

  add(raw: string, out: Set<string>, also: Set<string> | null): void {
    const path = ownedRelative(raw);
    if (path === '') return;
    out.add(path);
    also?.add(path);
    if (this.merged.files.has(path) || this.merged.symlinks.has(path)) return;
    const parent = parentOf(path);
    if (parent === '') return;
    let through = this.parents.get(parent);
    if (through === undefined) {
      const resolved = resolveSymlink(this.merged, parent);
      through = resolved.kind === 'directory' && resolved.links > 0 ? resolved.path : null;
      this.parents.set(parent, through);
    }
    if (through === null) return;
    const real = through === '' ? path.slice(parent.length + 1) : `${through}/${path.slice(parent.length + 1)}`;
    out.add(real);
    also?.add(real);
  }
}

/** relativePath, without splitting the names package databases write ('/usr/bin/x'), which need no more than the leading '/' gone. */
const NEEDS_NORMALISING = /\/\/|(^|\/)\.\.?(\/|$)|\/$/;
function ownedRelative(raw: string): string {
  if (NEEDS_NORMALISING.test(raw)) return relativePath(raw);
  return raw.charCodeAt(0) === 47 ? raw.slice(1) : raw;
}
