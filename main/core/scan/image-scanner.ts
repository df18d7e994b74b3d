// One image scan, the hot path of DESIGN §3: open the source, analyse only the layers the cache
// lacks (each streamed once, never extracted), merge in order, match against the vulnerability
// DB, run the baseline, store. Malware engines and baseline analyzers ride the same single read
// of each layer. Progress: opening 0-5 %, layers 5-85 % by bytes, merge and match 85-95 %, store.
import fs from 'node:fs';
import { RpcError } from '../../../shared/contracts/errors';
import type { ScanSummary } from '../../../shared/contracts/images';
import type { ImageFile, ImageSpec, LayerInfo } from '../../../shared/model/image';
import type { MalwareEngineStatus, MalwareReport } from '../../../shared/model/malware';
import { allScanners, type ScannerKind } from '../../../shared/model/scanner';
import type { ScanReport } from '../../../shared/model/scan-report';
import type { DockerService } from '../docker/docker-service';
import { baselineAnalyzers } from '../baseline/baseline-analyzers';
import { baselineItem } from '../baseline/catalogue';
import { hitKind } from '../baseline/hit-kind';
import { evaluateBaseline } from '../baseline/evaluate-baseline';
import type { Analyzer } from '../images/analyzers/analyzer';
import { defaultAnalyzers } from '../images/analyzers/default-analyzers';
import { analyzeLayer, analyzerKey } from '../images/layers/analyze-layer';
import { archiveLimits } from '../images/layers/archive-limits';
import { fillFileHashes } from '../images/layers/fill-file-hashes';
import type { LayerAnalysis } from '../images/layers/layer-analysis';
import { mergeLayers, type MergedImage } from '../images/layers/merge-layers';
import type { DigestCheckHandle, FileRegion } from '../images/layers/off-thread-digest';
import { FileRegionTar } from '../images/layers/region-tar';
import { openImage } from '../images/sources/open-image';
import type { EarlyLayerReader, OpenedImage } from '../images/sources/image-source';
import type { StoreState } from '../store/store-state';
import { appInfo } from '../system/app-info';
import type { TaskContext } from '../tasks/task-manager';
import { matchPackages } from '../vulndb/match-packages';
import { VulnDb } from '../vulndb/vulndb';
import { attributeFindings, countFindings } from './attribute-findings';
import { attributeMalware, survivingBaselineHits } from './attribute-security';
import { finishInventory } from './finish-inventory';
import { IgnoreRepository } from './ignore-repository';
import { ImageRepository, type ScanTrigger } from './image-repository';
import { ImageCache, imageCacheKey } from './image-cache';
import { encodeLayerAnalysis, LayerCache } from './layer-cache';
import { SecurityRepository } from './security-repository';

export interface ScanRequest {
  spec: ImageSpec;
  refresh: boolean;
  trigger: ScanTrigger;
  credentials?: { username: string; password: string } | undefined;
  insecure?: boolean | undefined;
  /** What to look for; every scanner when absent. */
  scanners?: readonly ScannerKind[] | undefined;
}

/** Where a scan gets its malware engines: an analyzer over the active signature sets (null when no
 *  engine can run) and each engine's status, shown in the report whether it ran or not. */
export interface MalwareEngineSource {
  prepare(): Promise<{ analyzer: Analyzer | null; engines: MalwareEngineStatus[]; degraded?: () => string | null }>;
}

export interface ScanOutcome {
  report: ScanReport;
  /** null when the store is not available (the CLI still scans, without cache or history). */
  scan: ScanSummary | null;
}

export interface ImageScannerDeps {
  store: StoreState | null;
  docker: DockerService;
  vulnDbPath: string;
  analyzers?: Analyzer[];
  malware?: MalwareEngineSource | undefined;
}

/** Secrets leak from any layer that holds them, deleted later or not. */
function isSecretItem(hitItemId: string): boolean {
  return baselineItem(hitKind(hitItemId).itemId)?.scanner === 'secrets';
}

/** Layers analysed while a source read in its own order was opened, by entry name; cache hits found on the way. */
interface EarlyLayers {
  reader: EarlyLayerReader | undefined;
  analyses: Map<string, LayerAnalysis>;
  cacheHits: Map<string, LayerAnalysis>;
}

/** Bump when anything the scan derives from the layers changes (mergeLayers, finishInventory,
 *  attributeMalware, survivingBaselineHits, evaluateBaseline …): cached results then miss. */
const DERIVED_VERSION = '2';

/** What a scan derives from the image's layers (and config, fixed by its ID): cached per image by
 *  ImageCache, so a rescan of an unchanged image neither reads the layer cache nor merges. */
interface DerivedFromLayers {
  os: ScanReport['image']['os'];
  packages: ScanReport['packages'];
  unownedFiles: ImageFile[];
  mergeNotes: string[];
  malware: Omit<MalwareReport, 'engines'> | null;
  baseline: ScanReport['baseline'];
  /** The layers' uncompressed bytes: the image size as the engine counts it. */
  size: number;
}

function describe(spec: ImageSpec): { kind: ImageSpec['kind']; ref: string } {
  return { kind: spec.kind, ref: 'ref' in spec ? spec.ref : spec.path };
}

export class ImageScanner {
  private readonly inventory: Analyzer[];

  constructor(private readonly deps: ImageScannerDeps) {
    this.inventory = deps.analyzers ?? defaultAnalyzers();
  }

  async scan(request: ScanRequest, task: TaskContext): Promise<ScanOutcome> {
    const store = this.deps.store?.ready ? this.deps.store : null;
    const images = store ? new ImageRepository(store.db()) : null;
    const cache = store ? new LayerCache(store.db()) : null;
    const scanId = images?.startScan(null, request.trigger) ?? null;
    try {
      const { report, size } = await this.run(request, task, cache);
      task.progress(0.97, 'Saving results');
      if (images && scanId !== null) {
        images.saveScan(scanId, report, describe(request.spec), size);
        new SecurityRepository(store!.db()).save(report.image.id, scanId, { scanners: report.scanners, malware: report.malware, baseline: report.baseline });
        const stored = images.get(report.image.id);
        return { report, scan: stored?.scans.find((s) => s.scanId === scanId) ?? null };
      }
      return { report, scan: null };
    } catch (error) {
      const rpc = RpcError.from(error);
      if (images && scanId !== null) images.failScan(scanId, task.signal.aborted || rpc.code === 'cancelled' ? 'cancelled' : 'failed', rpc.message);
      throw error;
    }
  }

  /** The report, and the image's size (its layers uncompressed). */
  private async run(request: ScanRequest, task: TaskContext, cache: LayerCache | null): Promise<{ report: ScanReport; size: number }> {
    const { spec } = request;
    const scanners = allScanners.filter((k) => (request.scanners ?? allScanners).includes(k));
    const notes: string[] = [];
    const analyzers = [...this.inventory];
    let degraded: () => string | null = () => null;
    let engines: MalwareEngineStatus[] | null = null;
    if (scanners.includes('malware')) {
      task.progress(null, 'Starting the malware engines');
      const prepared = this.deps.malware ? await this.deps.malware.prepare() : { analyzer: null, engines: [] };
      engines = prepared.engines;
      degraded = prepared.degraded ?? degraded;
      if (prepared.analyzer) analyzers.push(prepared.analyzer);
      else notes.push('No malware engine could run: files were not checked for malware');
      for (const e of engines) if (!e.available) notes.push(`Malware engine ${e.engine} unavailable: ${e.message ?? 'no reason given'}`);
    }
    const baselineScanners = scanners.filter((k): k is 'baseline' | 'secrets' => k === 'baseline' || k === 'secrets');
    if (baselineScanners.length > 0) analyzers.push(...baselineAnalyzers(baselineScanners));
    const key = analyzerKey(analyzers);
    task.progress(null, 'Opening the image');
    const api = spec.kind === 'docker' ? await this.deps.docker.api() : undefined;
    const early = this.earlyReader(request, task, cache, analyzers, key);
    const image = await openImage(spec, {
      docker: api ? () => api : undefined,
      registry: { credentials: request.credentials, insecure: request.insecure ?? false },
      signal: task.signal,
      early: early.reader,
    });
    try {
      task.throwIfCancelled();
      // Everything derived from the layers depends on them in order, on the analyzers, on what was
      // asked (scanners) and on the tags the baseline reads; the config is fixed by the image ID.
      const imageCache = cache ? new ImageCache(this.deps.store!.db()) : null;
      const derivedKey = imageCacheKey(image.layers, key, `${DERIVED_VERSION}\n${scanners.join(',')}\n${JSON.stringify(image.repoTags)}`);
      let derived = request.refresh ? null : (imageCache?.get<DerivedFromLayers>(image.id, derivedKey) ?? null);
      if (!derived) {
        derived = await this.fromLayers(request, task, cache, image, analyzers, key, { malware: engines !== null, baselineScanners, degraded }, early);
        // An engine that failed mid-scan (clamd died) saw only some files: keep nothing of it.
        const failure = degraded();
        if (failure) notes.push(`Malware engine failure during the scan: ${failure}; results are not cached, scan again`);
        else imageCache?.put(image.id, derivedKey, derived);
      }
      const { os, packages } = derived;

      task.progress(0.9, 'Matching vulnerabilities');
      const vulnDb = scanners.includes('vuln') && fs.existsSync(this.deps.vulnDbPath) ? VulnDb.open(this.deps.vulnDbPath) : null;
      notes.push(...derived.mergeNotes);
      let matches: ReturnType<typeof matchPackages> = [];
      let dbFacts: ScanReport['vulnDb'] = null;
      try {
        if (vulnDb) {
          matches = matchPackages(vulnDb, os, packages);
          const status = vulnDb.status();
          dbFacts = { builtAt: status.builtAt, sources: status.sources.map((s) => s.name) };
        } else if (scanners.includes('vuln')) {
          notes.push(`No vulnerability database at ${this.deps.vulnDbPath}: import one (vigil db import) to see vulnerabilities`);
        }
      } finally {
        vulnDb?.close();
      }
      const store = this.deps.store?.ready ? this.deps.store : null;
      const ignores = store ? new IgnoreRepository(store.db()).activeFor(image.id) : new Map();
      const vulnerabilities = attributeFindings(matches, packages, ignores);
      const malware: MalwareReport | null = engines ? { engines, ...derived.malware! } : null;
      const baseline = derived.baseline;
      const report: ScanReport = {
        schemaVersion: 1,
        tool: { name: appInfo.name, version: appInfo.version },
        scannedAt: new Date().toISOString(),
        image: {
          id: image.id,
          name: image.name,
          source: spec.kind,
          repoTags: image.repoTags,
          repoDigests: image.repoDigests,
          platform: image.platform,
          created: image.config.created,
          os,
          layers: image.layers,
          user: image.config.user,
          labels: image.config.labels,
        },
        vulnDb: dbFacts,
        packages,
        unownedFiles: derived.unownedFiles,
        vulnerabilities,
        counts: countFindings(vulnerabilities),
        scanners,
        malware,
        baseline,
        notes,
      };
      return { report, size: derived.size };
    } finally {
      await image.close();
    }
  }

  /**
   * For sources read in their own order (compressed archives), the layers as they pass while the
   * image is opened: analysed then, unless known by name and cached. Which layer each was is
   * known once the image is open (OpenedImage.earlyLayers).
   */
  private earlyReader(request: ScanRequest, task: TaskContext, cache: LayerCache | null, analyzers: Analyzer[], key: string): EarlyLayers {
    const early: EarlyLayers = { analyses: new Map(), cacheHits: new Map(), reader: undefined };
    if (request.spec.kind !== 'archive' && request.spec.kind !== 'oci') return early;
    const image = request.spec.path;
    early.reader = {
      read: async (name, tar) => {
        const provisional: LayerInfo = { index: -1, diffId: name, digest: null, size: null, createdBy: null };
        early.analyses.set(name, await analyzeLayer(tar, provisional, { analyzers, limits: archiveLimits(), signal: task.signal, image }));
      },
      wants: (name, named) => {
        const diffId = named ?? cache?.diffIdOfEntry(name) ?? null;
        const hit = request.refresh || !diffId ? null : (cache?.get(diffId, key) ?? null);
        if (hit) early.cacheHits.set(diffId!, hit);
        return hit === null;
      },
      progress: (done, total) => task.progress(0.05 + 0.8 * Math.min(1, done / total), 'Reading the archive'),
    };
    return early;
  }

  /** Read the layers the layer cache lacks, merge them all, and derive from the result what the report needs. */
  private async fromLayers(
    request: ScanRequest,
    task: TaskContext,
    cache: LayerCache | null,
    image: OpenedImage,
    analyzers: Analyzer[],
    key: string,
    wants: { malware: boolean; baselineScanners: ('baseline' | 'secrets')[]; degraded: () => string | null },
    early: EarlyLayers,
  ): Promise<DerivedFromLayers> {
    const { degraded } = wants;
    const analyses = new Map<string, LayerAnalysis>();
    const analyzed: LayerAnalysis[] = [];
    // Layers read while the image was opened: now it is known which they are
    for (const [name, diffId] of image.earlyLayers ?? []) {
      cache?.rememberEntry(name, diffId);
      const analysis = early.analyses.get(name);
      if (!analysis || analyses.has(diffId) || !image.layers.some((l) => l.diffId === diffId)) continue;
      analysis.diffId = diffId;
      analyses.set(diffId, analysis);
      analyzed.push(analysis);
    }
    if (!request.refresh && cache) {
      for (const layer of image.layers) {
        if (analyses.has(layer.diffId)) continue;
        const hit = early.cacheHits.get(layer.diffId) ?? cache.get(layer.diffId, key);
        if (hit) analyses.set(layer.diffId, hit);
      }
    }
    const wanted = new Set(image.layers.map((l) => l.diffId).filter((d) => !analyses.has(d)));
    const totalBytes = image.layers.filter((l) => wanted.has(l.diffId)).reduce((sum, l) => sum + (l.size ?? 0), 0);
    let doneBytes = 0;
    const limits = archiveLimits();
    let merged: MergedImage;
    let encoded: { analysis: LayerAnalysis; blob: Buffer }[];
    const regions = new Map<string, FileRegion>();
    // Layers read in place are checked against their diffIDs by a worker thread while the walk
    // goes on to the next layer and the merge: nothing is cached or returned before all agree.
    const checks: DigestCheckHandle[] = [];
    try {
      await image.readLayers(
        wanted,
        async (layer, tar) => {
          const analysis = await analyzeLayer(tar, layer, {
            analyzers,
            limits,
            signal: task.signal,
            image: image.name,
            onProgress: (bytes) => {
              if (totalBytes > 0) task.progress(0.05 + 0.8 * Math.min(1, (doneBytes + bytes) / totalBytes), `Layer ${layer.index + 1} of ${image.layers.length}`);
            },
            verifyLater: (check) => checks.push(check),
          });
          doneBytes += layer.size ?? analysis.bytes;
          analyses.set(layer.diffId, analysis);
          analyzed.push(analysis);
          if (tar instanceof FileRegionTar && tar.inPlace) regions.set(layer.diffId, tar.region);
        },
        task.signal,
      );
      const missing = image.layers.filter((l) => !analyses.has(l.diffId));
      if (missing.length) throw new RpcError('invalid_input', `${image.name}: layer ${missing[0]!.diffId} is listed in the image but was not found in it`);

      task.progress(0.86, 'Merging layers');
      merged = mergeLayers(image.layers.map((info) => ({ info, analysis: analyses.get(info.diffId)! })));
      // Files read in place were not hashed while walking: hash those the report shows
      const hashed = await fillFileHashes(image, analyses, merged.unownedFiles, { regions, signal: task.signal });
      // What the layer cache gets (every layer analysed now, and cached ones that gained hashes),
      // encoded while the worker may still be checking
      const toCache = [...analyzed, ...[...hashed].filter((d) => !analyzed.some((a) => a.diffId === d)).map((d) => analyses.get(d)!)];
      encoded = cache && !degraded() ? toCache.map((analysis) => ({ analysis, blob: encodeLayerAnalysis(analysis) })) : [];
      await Promise.all(checks.map((c) => c.verdict));
    } catch (error) {
      for (const check of checks) check.cancel();
      throw error;
    }
    const packages = finishInventory(merged.packages, merged.os, merged.osOwnedPaths);
    if (!degraded()) for (const { analysis, blob } of encoded) cache!.put(analysis, blob);

    const layers = image.layers.map((info) => ({ info, analysis: analyses.get(info.diffId)! }));
    const malware = wants.malware ? attributeMalware(layers, merged.files) : null;
    const baseline =
      wants.baselineScanners.length > 0
        ? evaluateBaseline({ config: image.config, repoTags: image.repoTags, files: [...merged.files.values()], hits: survivingBaselineHits(layers, merged.files, isSecretItem), scanners: wants.baselineScanners })
        : null;
    const size = layers.reduce((sum, l) => sum + l.analysis.bytes, 0);
    return { os: merged.os, packages, unownedFiles: merged.unownedFiles, mergeNotes: merged.notes, malware, baseline, size };
  }
}
