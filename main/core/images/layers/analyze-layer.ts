// One layer tar, read once as a stream and never written to disk: every regular file hashed,
// symlinks, hardlinks, whiteouts and opaque directories recorded, and the files analyzers ask for
// handed to them. Bounded by ArchiveLimits; an analyzer that fails is a note, never a failed layer.
import { createHash, hash as hashOnce, type Hash } from 'node:crypto';
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { RpcError } from '../../../../shared/contracts/errors';
import type { LayerInfo } from '../../../../shared/model/image';
import type { MalwareHit } from '../../../../shared/model/malware';
import type { OsInfo } from '../../../../shared/model/os-info';
import type { PackageRecord } from '../../../../shared/model/package';
import { HEAD_BYTES, type Analyzer, type AnalyzerOutput, type EntryFacts } from '../analyzers/analyzer';
import { fileRangeSource, type ByteSource } from '../analyzers/byte-source';
import { describeLayer, limitExceeded, type ArchiveLimits, type LimitContext } from './archive-limits';
import type { LayerAnalysis, LayerBaselineHit, LayerFile, LayerOwnership, LayerSymlink, SkippedFile } from './layer-analysis';
import { throwIfAborted } from './layer-decode';
import type { DigestCheckHandle, FileRegion } from './off-thread-digest';
import { FileRegionTar, layerChunks } from './region-tar';
import { TarParser, type TarEntry, type TarSink } from './tar-parser';
import { baseName, normaliseEntryPath, parentOf } from './tar-path';

export interface AnalyzeLayerOptions {
  analyzers: readonly Analyzer[];
  limits: ArchiveLimits;
  signal?: AbortSignal;
  /** Uncompressed bytes of this layer read so far (cumulative). */
  onProgress?: (bytes: number) => void;
  /** The image as shown to the user, for messages ('alpine:3.10', a file name …). */
  image?: string;
  /** Take over the digest check of a layer checked off the main thread instead of waiting for it
   *  (see layerChunks): the analysis must not be trusted before its verdict resolves. */
  verifyLater?: (check: DigestCheckHandle) => void;
}

/** The cache key part that says which analyzers made a LayerAnalysis: sorted 'id@version', comma-joined. */
export function analyzerKey(analyzers: readonly Pick<Analyzer, 'id' | 'version'>[]): string {
  return analyzers
    .map((a) => `${a.id}@${a.version}`)
    .sort()
    .join(',');
}

export async function analyzeLayer(tar: Readable, layer: LayerInfo, options: AnalyzeLayerOptions): Promise<LayerAnalysis> {
  const { limits, analyzers, signal } = options;
  const context: LimitContext = { image: options.image ?? 'image', where: describeLayer(layer) };
  const state = new LayerState(layer, analyzers, limits, context);
  const parser = new TarParser(state);
  let bytes = 0;

  const onAbort = (): void => {
    tar.destroy(new RpcError('cancelled', 'The scan was cancelled'));
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    throwIfAborted(signal);
    // The whole stream is read even after the end-of-archive marker: the source checks its
    // digest (the diffID) at the end, and a layer that fails it is no result.
    for await (const chunk of layerChunks(tar, signal, options.verifyLater)) {
      if (tar instanceof FileRegionTar && tar.inPlace) state.inPlace(tar.region);
      bytes += chunk.length;
      if (bytes > limits.maxLayerBytes) throw limitExceeded(context, 'maxLayerBytes', bytes, limits.maxLayerBytes, 'uncompressed layer size');
      options.onProgress?.(bytes);
      if (!parser.ended) parser.push(chunk);
      if (state.hasJobs()) await state.runJobs();
      state.detach();
    }
    parser.end();
    await state.runJobs();
    await state.settle();
  } catch (error) {
    tar.destroy();
    await state.settle();
    throw toLayerError(error, context);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    state.close();
  }
  return state.result(analyzerKey(analyzers), bytes, state.entries);
}

function toLayerError(error: unknown, context: LimitContext): Error {
  if (error instanceof RpcError) return error;
  const message = (error as Error)?.message ?? String(error);
  return new RpcError('invalid_input', `Image ${context.image}, ${context.where}: the layer tar cannot be read: ${message}`, { image: context.image, where: context.where });
}

/** Malware engine calls running at once per layer (each holds one file's content in memory; 8 keeps clamd busy on two cores). */
const MAX_IN_FLIGHT = 8;

/** File records carry the file type bits too (0o100644), as stat(2) reports them. */
const S_IFREG = 0o100000;

const EMPTY_SHA256 = createHash('sha256').digest('hex');

/** The regular file being read: its hash, and its content while analyzers may still want it. */
interface OpenFile {
  path: string;
  entry: TarEntry;
  facts: EntryFacts;
  hash: Hash | null;
  sha256: string | null;
  /** The first bytes until `wants` is decided (HEAD_BYTES, or the whole file if smaller). */
  head: Buffer[] | null;
  headBytes: number;
  /** The whole content, filled as it comes, when an analyzer wants it. */
  body: Buffer | null;
  bodyFill: number;
  keep: Analyzer[];
}

class LayerState implements TarSink {
  entries = 0;
  /** The layer is read in place, so content can be read again later: files nothing reads now are not hashed (LayerFile). */
  private deferHashes = false;
  /** The region the layer is read in place from, and a descriptor of its file once one is needed. */
  private region: FileRegion | null = null;
  private fd: number | null = null;
  private readonly files = new Map<string, LayerFile>();
  private readonly symlinks = new Map<string, string>();
  private readonly whiteouts = new Set<string>();
  private readonly opaqueDirs = new Set<string>();
  private readonly packages: PackageRecord[] = [];
  private readonly ownedPaths: string[] = [];
  private readonly ownedPrefixes: string[] = [];
  private readonly ownedBy: LayerOwnership[] = [];
  private readonly osOwnedPaths: string[] = [];
  private readonly notes: string[] = [];
  private readonly osCandidates: OsInfo[] = [];
  private readonly malwareHits: MalwareHit[] = [];
  private readonly skipped: SkippedFile[] = [];
  private readonly baselineHits: LayerBaselineHit[] = [];
  private readonly malwareRuns: boolean;
  private readonly baselineRuns: boolean;
  private malwareFiles = 0;
  private malwareBytes = 0;
  private file: OpenFile | null = null;
  /** Analyzer calls for files read so far, run in file order between chunks (the parser is synchronous). */
  private jobs: (() => Promise<void>)[] = [];
  /** Malware engines' calls still running: the walker reads on while they work (bounded). */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly layer: LayerInfo,
    private readonly analyzers: readonly Analyzer[],
    private readonly limits: ArchiveLimits,
    private readonly context: LimitContext,
  ) {
    this.malwareRuns = analyzers.some((a) => a.role === 'malware');
    this.baselineRuns = analyzers.some((a) => a.role === 'baseline');
  }

  entry(entry: TarEntry): void {
    this.file = null;
    this.entries += 1;
    const { limits, context } = this;
    if (this.entries > limits.maxEntries) throw limitExceeded(context, 'maxEntries', this.entries, limits.maxEntries, 'number of entries');
    const normalised = normaliseEntryPath(entry.name);
    if (!normalised.ok) {
      this.notes.push(`Entry ${JSON.stringify(entry.name)} ${normalised.reason}; ignored`);
      return;
    }
    const path = normalised.path;
    if (path.length > limits.maxPathLength) throw limitExceeded(context, 'maxPathLength', path.length, limits.maxPathLength, `path length of ${JSON.stringify(path.slice(0, 80))}…`);
    if (path === '') return;
    if (path.includes('.wh.')) {
      const base = baseName(path);
      if (path.startsWith('.wh..wh.') || path.includes('/.wh..wh.') ? base !== '.wh..wh..opq' || parentOf(path).includes('.wh..wh.') : false) {
        return; // aufs bookkeeping (.wh..wh.plnk/…, .wh..wh.aufs): not content
      }
      if (base.startsWith('.wh.')) {
        const dir = parentOf(path);
        if (base === '.wh..wh..opq') this.opaqueDirs.add(dir);
        else if (!base.startsWith('.wh..wh.')) this.whiteouts.add(dir ? `${dir}/${base.slice(4)}` : base.slice(4));
        // other '.wh..wh.' names are aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs): not content
        return;
      }
    }
    switch (entry.type) {
      case 'file':
        if (entry.size > limits.maxFileBytes) throw limitExceeded(context, 'maxFileBytes', entry.size, limits.maxFileBytes, `size of ${path}`);
        this.symlinks.delete(path);
        this.openFile(path, entry);
        return;
      case 'link':
        this.hardlink(path, entry);
        return;
      case 'symlink':
        this.files.delete(path);
        this.symlinks.set(path, entry.linkname);
        return;
      case 'directory':
        this.files.delete(path);
        this.symlinks.delete(path);
        return;
      default:
        // devices, fifos: nothing to hash or analyse
        return;
    }
  }

  data(chunk: Buffer): void {
    const file = this.file;
    if (!file) return;
    if (this.deferHashes) {
      // hashed at the end if an analyzer keeps the content, else later if it matters
    } else if (chunk.length === file.entry.size) {
      // The whole file in one piece (most files): a one-shot hash spares a Hash object per file
      file.sha256 = hashOnce('sha256', chunk, 'hex');
    } else {
      file.hash ??= createHash('sha256');
      file.hash.update(chunk);
    }
    if (file.head) {
      file.head.push(chunk);
      file.headBytes += chunk.length;
      if (file.headBytes >= HEAD_BYTES) this.decide(file);
    } else if (file.body) {
      chunk.copy(file.body, file.bodyFill);
      file.bodyFill += chunk.length;
    }
  }

  end(): void {
    const file = this.file;
    if (!file) return;
    this.file = null;
    if (file.head) this.decide(file);
    const { entry, path, facts } = file;
    const content = file.body;
    const record: LayerFile = { path, size: entry.size, mode: S_IFREG | facts.mode, uid: entry.uid, gid: entry.gid, sha256: '' };
    if (entry.size === 0) record.sha256 = EMPTY_SHA256;
    else if (!this.deferHashes) record.sha256 = file.sha256 ?? file.hash!.digest('hex');
    else if (content && file.keep.some((a) => a.readsSha256)) record.sha256 = hashOnce('sha256', content, 'hex');
    else record.offset = entry.offset;
    facts.sha256 = record.sha256 || undefined;
    this.files.set(path, record);
    if (!content) return;
    for (const analyzer of file.keep) {
      this.jobs.push(() => (analyzer.role === 'malware' ? this.analyzeInBackground(analyzer, facts, content) : this.analyze(analyzer, facts, content)));
    }
  }

  /** The chunk just walked is about to be reused: copy the first bytes of a file that goes on into the next. */
  detach(): void {
    const file = this.file;
    if (file?.head && file.head.length > 0) file.head = [Buffer.concat(file.head)];
  }

  inPlace(region: FileRegion): void {
    this.deferHashes = true;
    this.region = region;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  /** The current file's content, read by offset from the region (it is all there, whatever the walk has reached). */
  private inPlaceSource(entry: TarEntry): ByteSource {
    const region = this.region!;
    this.fd ??= fs.openSync(region.path, 'r');
    return fileRangeSource(this.fd, region.start + entry.offset, entry.size, region.path);
  }

  hasJobs(): boolean {
    return this.jobs.length > 0;
  }

  /** Runs the queued analyzer calls in file order (malware ones start in the background, bounded). */
  async runJobs(): Promise<void> {
    while (this.jobs.length > 0) {
      const jobs = this.jobs;
      this.jobs = [];
      for (const job of jobs) await job();
    }
  }

  private openFile(path: string, entry: TarEntry): void {
    const facts: EntryFacts = { path, size: entry.size, mode: entry.mode & 0o7777 };
    this.file = { path, entry, facts, hash: null, sha256: null, head: [], headBytes: 0, body: null, bodyFill: 0, keep: [] };
  }

  /** Which analyzers want this file, from its facts and first bytes; keep its content (a copy) only for them. */
  private decide(file: OpenFile): void {
    const chunks = file.head!;
    const head = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    file.head = null;
    file.keep = this.wantedBy(file.facts, head.length > HEAD_BYTES ? head.subarray(0, HEAD_BYTES) : head);
    if (this.region && file.keep.some((a) => a.stillWants)) {
      // In place, a few header reads can spare keeping a big file nothing would be found in
      const source = this.inPlaceSource(file.entry);
      file.keep = file.keep.filter((a) => !a.stillWants || stillWants(a, file.facts, source));
    }
    if (file.keep.length === 0) return;
    file.body = Buffer.allocUnsafe(file.entry.size);
    file.bodyFill = head.copy(file.body, 0);
  }

  private hardlink(path: string, entry: TarEntry): void {
    const target = normaliseEntryPath(entry.linkname);
    if (!target.ok) {
      this.notes.push(`Hardlink ${path} -> ${JSON.stringify(entry.linkname)}: the target ${target.reason}; ignored`);
      return;
    }
    const file = this.files.get(target.path);
    if (file) {
      this.symlinks.delete(path);
      this.files.set(path, { ...file, path });
      return;
    }
    const link = this.symlinks.get(target.path);
    if (link !== undefined) {
      this.files.delete(path);
      this.symlinks.set(path, link);
      return;
    }
    this.notes.push(`Hardlink ${path} -> ${target.path}: the target is not a file earlier in this layer; not recorded`);
  }

  /** Malware engines take a round trip per file (clamd): keep up to MAX_IN_FLIGHT going at once. */
  private async analyzeInBackground(analyzer: Analyzer, facts: EntryFacts, content: Buffer): Promise<void> {
    while (this.inFlight.size >= MAX_IN_FLIGHT) await Promise.race(this.inFlight);
    this.malwareFiles += 1;
    this.malwareBytes += content.length;
    const run: Promise<void> = this.analyze(analyzer, facts, content).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  /** Waits for every background call (analyze never rejects: failures become notes). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private wantedBy(facts: EntryFacts, head: Buffer): Analyzer[] {
    const keep: Analyzer[] = [];
    for (const analyzer of this.analyzers) {
      let wants = false;
      try {
        wants = analyzer.wants(facts, head);
      } catch (error) {
        this.notes.push(`${facts.path}: analyzer ${analyzer.id} failed deciding whether to read it: ${messageOf(error)}`);
        continue;
      }
      if (!wants) continue;
      if (facts.size > analyzer.maxBytes) {
        this.notes.push(`${facts.path}: ${facts.size} bytes, larger than ${analyzer.id}'s limit of ${analyzer.maxBytes}; not analysed`);
        if (analyzer.role === 'malware') this.skipped.push({ path: facts.path, size: facts.size, analyzer: analyzer.id, reason: `larger than the ${analyzer.maxBytes}-byte scan limit` });
        continue;
      }
      keep.push(analyzer);
    }
    return keep;
  }

  private async analyze(analyzer: Analyzer, facts: EntryFacts, content: Buffer): Promise<void> {
    let output: AnalyzerOutput;
    try {
      output = await analyzer.analyze(facts, content);
    } catch (error) {
      this.notes.push(`${facts.path}: analyzer ${analyzer.id} failed: ${messageOf(error)}`);
      return;
    }
    if (!output) return;
    for (const pkg of output.packages ?? []) this.packages.push(pkg.path ? pkg : { ...pkg, path: facts.path });
    if (output.os) this.osCandidates.push(output.os.source ? output.os : { ...output.os, source: facts.path });
    const paths = output.ownedPaths ?? [];
    const prefixes = output.ownedPrefixes ?? [];
    if (paths.length > 0 || prefixes.length > 0) {
      for (const p of paths) this.ownedPaths.push(p);
      if (analyzer.owns === 'os') for (const p of paths) this.osOwnedPaths.push(p);
      for (const p of prefixes) this.ownedPrefixes.push(p);
      this.ownedBy.push(analyzer.owns === 'os' ? { path: facts.path, paths: paths.length, prefixes: prefixes.length, os: true } : { path: facts.path, paths: paths.length, prefixes: prefixes.length });
    }
    for (const note of output.notes ?? []) this.notes.push(`${facts.path} (${analyzer.id}): ${note}`);
    for (const hit of output.malware ?? []) this.malwareHits.push(hit.path ? hit : { ...hit, path: facts.path });
    for (const hit of output.baseline ?? []) this.baselineHits.push({ itemId: hit.itemId, detail: hit.detail, path: facts.path });
  }

  result(key: string, bytes: number, entries: number): LayerAnalysis {
    const symlinks: LayerSymlink[] = [...this.symlinks].map(([path, target]) => ({ path, target }));
    return {
      diffId: this.layer.diffId,
      analyzerKey: key,
      osCandidates: this.osCandidates,
      packages: this.packages,
      ownedPaths: this.ownedPaths,
      ownedPrefixes: this.ownedPrefixes,
      ownedBy: this.ownedBy,
      osOwnedPaths: this.osOwnedPaths,
      files: [...this.files.values()],
      symlinks,
      whiteouts: [...this.whiteouts],
      opaqueDirs: [...this.opaqueDirs],
      notes: this.notes,
      ...(this.malwareRuns ? { malware: { hits: this.malwareHits, skipped: this.skipped, files: this.malwareFiles, bytes: this.malwareBytes } } : {}),
      ...(this.baselineRuns ? { baseline: this.baselineHits } : {}),
      bytes,
      entries,
    };
  }
}

function stillWants(analyzer: Analyzer, facts: EntryFacts, source: ByteSource): boolean {
  try {
    return analyzer.stillWants!(facts, source);
  } catch {
    return true;
  }
}

function messageOf(error: unknown): string {
  return (error as Error)?.message ?? String(error);
}
