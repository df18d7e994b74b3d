// Scans, exports and the vulnerability database as operations: scans and imports are tasks.
import { imageSpecKey } from '../../../shared/model/image';
import fs from 'node:fs';
import path from 'node:path';
import type { VulnDbStatus } from '../../../shared/contracts/vulndb';
import { RpcError } from '../../../shared/contracts/errors';
import type { DockerService } from '../docker/docker-service';
import { listRepositoryTags } from '../images/sources/registry/registry-image';
import type { CoreServer } from '../rpc/core-server';
import { formatInfo, renderReport } from '../scan-output';
import type { StoreState } from '../store/store-state';
import { importBundles } from '../vulndb/db-import';
import { VulnDb } from '../vulndb/vulndb';
import { ImageScanner, type MalwareEngineSource } from './image-scanner';
import { storedReport } from './stored-report';

export interface ScanTaskDeps {
  store: StoreState;
  docker: DockerService;
  vulnDbPath: string;
  malware?: MalwareEngineSource | undefined;
  /** Saved credentials for a registry reference (null when none, or unusable: the reason goes to onUnusable). */
  credentialsFor?: ((ref: string, onUnusable?: (reason: string) => void) => SavedCredential | null) | undefined;
}

interface SavedCredential {
  username: string;
  password: string;
  insecure: boolean;
}

/** The scan's own credentials, else the saved ones for its registry (and their insecure opt-in). */
function registryAccess(
  deps: ScanTaskDeps,
  ref: string | null,
  given: { credentials?: { username: string; password: string } | undefined; insecure: boolean },
  onUnusable: (reason: string) => void,
): { credentials: { username: string; password: string } | undefined; insecure: boolean } {
  if (given.credentials || ref === null) return { credentials: given.credentials, insecure: given.insecure };
  const saved = deps.credentialsFor?.(ref, onUnusable) ?? null;
  return saved ? { credentials: { username: saved.username, password: saved.password }, insecure: given.insecure || saved.insecure } : { credentials: undefined, insecure: given.insecure };
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'image';
}

export function vulnDbStatus(file: string): VulnDbStatus {
  if (!fs.existsSync(file)) {
    return { state: 'missing', path: file, builtAt: null, importedAt: null, advisories: 0, sources: [], error: null };
  }
  try {
    const db = VulnDb.open(file);
    try {
      const s = db.status();
      return {
        state: 'ready',
        path: file,
        builtAt: s.builtAt,
        importedAt: s.importedAt,
        advisories: s.advisories,
        sources: s.sources.map((x) => ({ name: x.name, kind: x.kind, advisories: x.advisories, digest: x.digest })),
        error: null,
      };
    } finally {
      db.close();
    }
  } catch (error) {
    return { state: 'error', path: file, builtAt: null, importedAt: null, advisories: 0, sources: [], error: RpcError.from(error).message };
  }
}

export function registerScanTaskHandlers(server: CoreServer, deps: ScanTaskDeps): void {
  const scanner = new ImageScanner({ store: deps.store, docker: deps.docker, vulnDbPath: deps.vulnDbPath, malware: deps.malware });

  server.implement('images.scan', {
    title: (input) => `Scan ${'ref' in input.spec ? input.spec.ref : path.basename(input.spec.path)}`,
    subject: (input) => imageSpecKey(input.spec),
    run: async (input, task) => {
      const access = registryAccess(deps, input.spec.kind === 'registry' ? input.spec.ref : null, input, (reason) => task.progress(null, reason));
      const outcome = await scanner.scan({ spec: input.spec, refresh: input.refresh, trigger: input.trigger, ...access, scanners: input.scanners }, task);
      if (!outcome.scan) throw new RpcError('unavailable', 'the scan finished but could not be stored: the database is not available');
      return { imageId: outcome.report.image.id, scan: outcome.scan };
    },
  });

  server.implement('images.scanRepository', {
    title: (input) => `Scan the tags of ${input.repository}`,
    run: async (input, task) => {
      const registry = registryAccess(deps, input.repository, input, (reason) => task.progress(null, reason));
      const tags = input.tags ?? (await listRepositoryTags(input.repository, registry, task.signal)).slice(0, input.maxTags);
      const scanned: { tag: string; imageId: string | null; error: string | null }[] = [];
      for (const [i, tag] of tags.entries()) {
        task.throwIfCancelled();
        task.progress(i / Math.max(1, tags.length), `${tag} (${i + 1} of ${tags.length})`);
        const sub = { ...task, progress: () => undefined };
        try {
          const outcome = await scanner.scan(
            { spec: { kind: 'registry', ref: `${input.repository}:${tag}` }, refresh: false, trigger: 'manual', ...registry },
            sub,
          );
          scanned.push({ tag, imageId: outcome.report.image.id, error: null });
        } catch (error) {
          if (task.signal.aborted) throw error;
          scanned.push({ tag, imageId: null, error: RpcError.from(error).message });
        }
      }
      return { scanned };
    },
  });

  server.implement('images.export', (input) => {
    const report = storedReport(deps.store.db(), input.imageId);
    const info = formatInfo[input.format];
    return {
      fileName: `${safeName(report.image.name)}.${info.extension}`,
      mediaType: info.mediaType,
      content: renderReport(report, input.format),
    };
  });

  server.implement('vulndb.status', () => vulnDbStatus(deps.vulnDbPath));

  server.implement('vulndb.import', {
    title: (input) => `Import advisories from ${input.paths.map((p) => path.basename(p)).join(', ')}`,
    run: async (input, task) => {
      const result = await importBundles(
        input.paths.map((p) => ({ path: p, sha256: input.sha256 ?? null })),
        { dbFile: deps.vulnDbPath, mode: input.replace ? 'replace' : 'add', signal: task.signal, progress: (fraction, message) => task.progress(fraction, message) },
      );
      return { advisories: result.advisories, corrupt: result.corrupt, sources: result.bundles.map((b) => b.source) };
    },
  });
}
