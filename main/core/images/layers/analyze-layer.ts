// One layer tar, read once as a stream and never written to disk: every regular file hashed,
// symlinks, hardlinks, whiteouts and opaque directories recorded, and the files analyzers ask for
// handed to them. Bounded by ArchiveLimits; an analyzer that fails is a note, never a failed layer.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tarStream from 'tar-stream';
import { RpcError } from '../../../../shared/contracts/errors';
import type { FileRecord, LayerInfo } from '../../../../shared/model/image';
import type { MalwareHit } from '../../../../shared/model/malware';
import type { OsInfo } from '../../../../shared/model/os-info';
import type { PackageRecord } from '../../../../shared/model/package';
import { HEAD_BYTES, type Analyzer, type AnalyzerOutput, type EntryFacts } from '../analyzers/analyzer';
import { describeLayer, limitExceeded, type ArchiveLimits, type LimitContext } from './archive-limits';
import type { LayerAnalysis, LayerBaselineHit, LayerOwnership, LayerSymlink, SkippedFile } from './layer-analysis';
import { ByteTap, throwIfAborted } from './layer-decode';
import { baseName, normaliseEntryPath, parentOf } from './tar-path';

export interface AnalyzeLayerOptions {
  analyzers: readonly Analyzer[];
  limits: ArchiveLimits;
  signal?: AbortSignal;
  /** Uncompressed bytes of this layer read so far (cumulative). */
  onProgress?: (bytes: number) => void;
  /** The image as shown to the user, for messages ('alpine:3.10', a file name …). */
  image?: string;
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
  const state = new LayerState(layer, analyzers);
  let bytes = 0;
  let entries = 0;

  throwIfAborted(signal);
  const extract = tarStream.extract({ allowUnknownFormat: true } as Parameters<typeof tarStream.extract>[0]);
  const tap = new ByteTap((n) => {
    bytes += n;
    if (bytes > limits.maxLayerBytes) throw limitExceeded(context, 'maxLayerBytes', bytes, limits.maxLayerBytes, 'uncompressed layer size');
    options.onProgress?.(bytes);
  });
  const onAbort = (): void => {
    tap.destroy(new RpcError('cancelled', 'The scan was cancelled'));
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let pipeFailure: unknown = null;
  const piping = pipeline(tar, tap, extract as unknown as NodeJS.WritableStream).catch((error: unknown) => {
    pipeFailure = error;
  });

  try {
    for await (const entry of extract) {
      throwIfAborted(signal);
      entries += 1;
      if (entries > limits.maxEntries) throw limitExceeded(context, 'maxEntries', entries, limits.maxEntries, 'number of entries');
      await state.entry(entry as unknown as Entry, entry.header, limits, context);
    }
    await piping;
    if (pipeFailure) throw pipeFailure;
    await state.settle();
  } catch (error) {
    tar.destroy();
    await piping;
    await state.settle();
    throw toLayerError(pipeFailure && !(error instanceof RpcError) ? pipeFailure : error, context);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return state.result(analyzerKey(analyzers), bytes, entries);
}

function toLayerError(error: unknown, context: LimitContext): Error {
  if (error instanceof RpcError) return error;
  const message = (error as Error)?.message ?? String(error);
  return new RpcError('invalid_input', `Image ${context.image}, ${context.where}: the layer tar cannot be read: ${message}`, { image: context.image, where: context.where });
}

type Entry = AsyncIterable<Buffer>;

/** Malware engine calls running at once per layer (each holds one file's content in memory; 8 keeps clamd busy on two cores). */
const MAX_IN_FLIGHT = 8;

/** File records carry the file type bits too (0o100644), as stat(2) reports them. */
const S_IFREG = 0o100000;

async function drain(entry: Entry): Promise<void> {
  for await (const _chunk of entry) {
    // discard
  }
}

class LayerState {
  private readonly files = new Map<string, FileRecord>();
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
  /** Malware engines' calls still running: the walker reads on while they work (bounded). */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly layer: LayerInfo,
    private readonly analyzers: readonly Analyzer[],
  ) {
    this.malwareRuns = analyzers.some((a) => a.role === 'malware');
    this.baselineRuns = analyzers.some((a) => a.role === 'baseline');
  }

  async entry(entry: Entry, header: tarStream.Header, limits: ArchiveLimits, context: LimitContext): Promise<void> {
    const normalised = normaliseEntryPath(header.name);
    if (!normalised.ok) {
      this.notes.push(`Entry ${JSON.stringify(header.name)} ${normalised.reason}; ignored`);
      await drain(entry);
      return;
    }
    const path = normalised.path;
    if (path.length > limits.maxPathLength) throw limitExceeded(context, 'maxPathLength', path.length, limits.maxPathLength, `path length of ${JSON.stringify(path.slice(0, 80))}…`);
    if (path === '') {
      await drain(entry);
      return;
    }
    const base = baseName(path);
    if (path.startsWith('.wh..wh.') || path.includes('/.wh..wh.') ? base !== '.wh..wh..opq' || parentOf(path).includes('.wh..wh.') : false) {
      // aufs bookkeeping (.wh..wh.plnk/…, .wh..wh.aufs): not content
      await drain(entry);
      return;
    }
    if (base.startsWith('.wh.')) {
      const dir = parentOf(path);
      if (base === '.wh..wh..opq') this.opaqueDirs.add(dir);
      else if (!base.startsWith('.wh..wh.')) this.whiteouts.add(dir ? `${dir}/${base.slice(4)}` : base.slice(4));
      // other '.wh..wh.' names are aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs): not content
      await drain(entry);
      return;
    }
    switch (header.type) {
      case 'file':
      case 'contiguous-file':
        if (header.size > limits.maxFileBytes) throw limitExceeded(context, 'maxFileBytes', header.size, limits.maxFileBytes, `size of ${path}`);
        this.symlinks.delete(path);
        await this.regularFile(entry, path, header);
        return;
      case 'link': {
        await drain(entry);
        this.hardlink(path, header);
        return;
      }
      case 'symlink':
        await drain(entry);
        this.files.delete(path);
        this.symlinks.set(path, header.linkname ?? '');
        return;
      case 'directory':
        await drain(entry);
        this.files.delete(path);
        this.symlinks.delete(path);
        return;
      default:
        // devices, fifos: nothing to hash or analyse
        await drain(entry);
        return;
    }
  }

  private hardlink(path: string, header: tarStream.Header): void {
    const target = normaliseEntryPath(header.linkname ?? '');
    if (!target.ok) {
      this.notes.push(`Hardlink ${path} -> ${JSON.stringify(header.linkname)}: the target ${target.reason}; ignored`);
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

  private async regularFile(entry: Entry, path: string, header: tarStream.Header): Promise<void> {
    const permissions = (header.mode ?? 0) & 0o7777;
    const facts: EntryFacts = { path, size: header.size, mode: permissions };
    const hash = createHash('sha256');
    let pending: Buffer[] | null = [];
    let pendingBytes = 0;
    let keep: Analyzer[] = [];
    let body: Buffer[] | null = null;
    const decide = (): void => {
      const head = Buffer.concat(pending ?? []).subarray(0, HEAD_BYTES);
      keep = this.wantedBy(facts, head);
      body = keep.length > 0 ? (pending ?? []) : null;
      pending = null;
    };
    for await (const chunk of entry) {
      hash.update(chunk);
      if (pending) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= HEAD_BYTES) decide();
      } else if (body) {
        (body as Buffer[]).push(chunk);
      }
    }
    if (pending) decide();
    facts.sha256 = hash.digest('hex');
    this.files.set(path, { path, size: header.size, mode: S_IFREG | permissions, uid: header.uid ?? 0, gid: header.gid ?? 0, sha256: facts.sha256 });
    if (body && keep.length > 0) {
      const content = Buffer.concat(body);
      for (const analyzer of keep) {
        if (analyzer.role === 'malware') await this.analyzeInBackground(analyzer, facts, content);
        else await this.analyze(analyzer, facts, content);
      }
    }
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

function messageOf(error: unknown): string {
  return (error as Error)?.message ?? String(error);
}
