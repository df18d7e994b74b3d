// An image in the local Docker (or Podman) engine, by reference or ID. inspect() gives the ID,
// tags, digests, config and diffIDs up front; the layers come from the engine's docker-save
// stream (GET /images/{id}/get), read once as it arrives and never written to a file, and not
// requested at all when no layer is wanted.
//
// Which layer a legacy `<v1 id>/layer.tar` holds is only written in manifest.json, after every
// layer. It is known earlier: Docker derives each non-top v1 id from the layer's chain ID and its
// parent's v1 id (v1.CreateID), so the `<v1 id>/json` that precedes each layer.tar identifies it;
// the top layer's json is the one with the image config. Every identification is checked against
// the diffID when the layer ends. A layer still unidentified is hashed as it passes and, when it
// was wanted, read in one more export.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { RpcError } from '../../../../shared/contracts/errors';
import type { LayerInfo } from '../../../../shared/model/image';
import { archiveLimits, type ArchiveLimits } from '../layers/archive-limits';
import { throwIfAborted } from '../layers/layer-decode';
import { streamSaveLayers, blobDigestOf } from './docker-archive';
import type { ImageConfig, OpenedImage } from './image-source';
import { wantedInOrder } from './layer-reading';

export interface EngineOptions {
  limits?: Partial<ArchiveLimits> | undefined;
  signal?: AbortSignal | undefined;
}

interface InspectInfo {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created?: string;
  Os?: string;
  Architecture?: string;
  Variant?: string;
  Config?: {
    User?: string;
    Env?: string[] | null;
    Labels?: Record<string, string> | null;
    Entrypoint?: string[] | string | null;
    Cmd?: string[] | string | null;
    ExposedPorts?: Record<string, unknown> | null;
    Healthcheck?: { Test?: string[] } | null;
  } | null;
  RootFS?: { Type?: string; Layers?: string[] | null };
}

interface HistoryLine {
  Created?: number;
  CreatedBy?: string;
  Size?: number;
  Comment?: string;
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number })?.statusCode;
}

function engineError(error: unknown, ref: string, doing: string): RpcError {
  if (error instanceof RpcError) return error;
  const status = statusOf(error);
  const message = (error as Error)?.message ?? String(error);
  if (status === 404) return new RpcError('not_found', `The engine has no image ${ref}`);
  return new RpcError('unavailable', `Could not ${doing} ${ref} in the engine: ${message}`);
}

const asList = (v: string[] | string | null | undefined): string[] | null => (v == null ? null : Array.isArray(v) ? v : [v]);

export function engineConfig(info: InspectInfo, history: HistoryLine[]): ImageConfig {
  const c = info.Config ?? {};
  const diffIds = info.RootFS?.Layers ?? [];
  const lines = [...history].reverse().map((h) => ({
    created: typeof h.Created === 'number' ? new Date(h.Created * 1000).toISOString() : null,
    createdBy: h.CreatedBy ?? null,
    // The engine's history does not say which lines made a layer; a size is the best hint.
    emptyLayer: !(h.Size && h.Size > 0),
    comment: h.Comment || null,
  }));
  return {
    os: info.Os ?? null,
    architecture: info.Architecture ?? null,
    variant: info.Variant ?? null,
    created: info.Created ?? null,
    user: c.User || null,
    env: c.Env ?? [],
    labels: c.Labels ?? {},
    entrypoint: asList(c.Entrypoint),
    cmd: asList(c.Cmd),
    exposedPorts: Object.keys(c.ExposedPorts ?? {}),
    healthcheck: c.Healthcheck?.Test ? { test: c.Healthcheck.Test } : null,
    history: lines,
    diffIds,
    raw: info,
  };
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Chain IDs of the layer stack (image-spec: ChainID(L0…Ln) = sha256(ChainID(L0…Ln-1) + " " + DiffID(Ln))). */
export function chainIds(diffIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const diffId of diffIds) out.push(out.length === 0 ? diffId : `sha256:${sha256Hex(`${out[out.length - 1]} ${diffId}`)}`);
  return out;
}

/** Go's json.Marshal string escaping on top of JSON.stringify. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The v1 ids docker save gives the non-top layers (0 … n-2), computed from a non-top layer's
 * `json` (all such files are alike but for id and parent) as moby's v1.CreateID does.
 */
export function predictV1Ids(template: Record<string, unknown>, diffIds: readonly string[]): string[] {
  const base: Record<string, unknown> = { ...template };
  delete base.id;
  delete base.parent;
  delete base.os;
  const chains = chainIds(diffIds);
  const ids: string[] = [];
  for (let i = 0; i < diffIds.length - 1; i++) {
    const fields: Record<string, unknown> = { ...base, layer_id: chains[i] };
    if (i > 0) fields.parent = `sha256:${ids[i - 1]}`;
    const sorted = Object.keys(fields)
      .sort()
      .map((k) => `${goJson(k)}:${goJson(fields[k])}`)
      .join(',');
    ids.push(sha256Hex(`{${sorted}}`));
  }
  return ids;
}

/** Learns, entry by entry, which stored tar holds which layer. */
class SaveStreamIdentities {
  private readonly byName = new Map<string, LayerInfo>();
  private predicted: Map<string, number> | null = null;

  constructor(private readonly layers: readonly LayerInfo[]) {}

  identify(name: string): LayerInfo | null {
    const known = this.byName.get(name);
    if (known) return known;
    // Docker 25+ (blobs/sha256/<hex>) and Podman (<hex>.tar) name uncompressed layers by their diffID.
    const digest = blobDigestOf(name) ?? (/^[a-f0-9]{64}\.tar$/.test(name) ? `sha256:${name.slice(0, 64)}` : null);
    if (digest) return this.layers.find((l) => l.diffId === digest) ?? null;
    return null;
  }

  learnMetadata(name: string, bytes: Buffer): void {
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      return;
    }
    if (name === 'manifest.json' && Array.isArray(json)) {
      const entry = json[0] as { Layers?: unknown };
      if (Array.isArray(entry?.Layers) && entry.Layers.length === this.layers.length) {
        entry.Layers.forEach((p, i) => {
          if (typeof p === 'string') this.byName.set(p.replace(/^\.?\//, ''), this.layers[i]!);
        });
      }
      return;
    }
    const dir = /^([a-f0-9]{64})\/json$/.exec(name)?.[1];
    if (!dir || typeof json !== 'object' || json === null) return;
    const v1 = json as Record<string, unknown>;
    const layerTar = `${dir}/layer.tar`;
    if ('config' in v1 && v1.config) {
      // The top layer's json carries the image config.
      const top = this.layers[this.layers.length - 1];
      if (top) this.byName.set(layerTar, top);
      return;
    }
    if (!this.predicted) {
      this.predicted = new Map(predictV1Ids(v1, this.layers.map((l) => l.diffId)).map((id, i) => [id, i]));
    }
    const index = this.predicted.get(dir);
    if (index !== undefined) this.byName.set(layerTar, this.layers[index]!);
  }

  learnHash(name: string, diffId: string): void {
    const layer = this.layers.find((l) => l.diffId === diffId);
    if (layer) this.byName.set(name, layer);
  }
}

export async function openEngineImage(ref: string, docker: Dockerode, options: EngineOptions = {}): Promise<OpenedImage> {
  const limits = archiveLimits(options.limits);
  let info: InspectInfo;
  try {
    info = (await docker.getImage(ref).inspect()) as unknown as InspectInfo;
  } catch (error) {
    throw engineError(error, ref, 'inspect');
  }
  let history: HistoryLine[] = [];
  try {
    history = ((await docker.getImage(info.Id).history()) as HistoryLine[]) ?? [];
  } catch {
    // history only names the layers; the scan goes on without it
  }
  const config = engineConfig(info, history);
  // History lines with a size made the layers, oldest first; when they line up, they name each
  // layer and give its approximate size (for progress).
  const made = [...history].reverse().filter((h) => h.Size && h.Size > 0);
  const lined = made.length === config.diffIds.length;
  const layers: LayerInfo[] = config.diffIds.map((diffId, index) => ({
    index,
    diffId,
    digest: null,
    size: lined ? (made[index]!.Size ?? null) : null,
    createdBy: lined ? (made[index]!.CreatedBy ?? null) : null,
  }));
  const identities = new SaveStreamIdentities(layers);
  const platform = info.Os && info.Architecture ? [info.Os, info.Architecture, info.Variant].filter(Boolean).join('/') : null;

  return {
    id: info.Id,
    name: ref,
    repoTags: info.RepoTags ?? [],
    repoDigests: info.RepoDigests ?? [],
    config,
    layers,
    platform,
    readLayers: async (wanted, onLayer, signal) => {
      const abort = signal ?? options.signal;
      let pending = new Set(wantedInOrder(layers, wanted).map((l) => l.diffId));
      // Two exports at most: the second only for layers the first could not identify in time.
      for (let pass = 0; pending.size > 0 && pass < 2; pass++) {
        throwIfAborted(abort);
        let stream: Readable;
        try {
          stream = (await docker.getImage(info.Id).get()) as unknown as Readable;
        } catch (error) {
          throw engineError(error, ref, 'export');
        }
        const delivered = await streamSaveLayers(stream, layers, pending, onLayer, {
          identify: (name) => identities.identify(name),
          onMetadata: (name, bytes) => identities.learnMetadata(name, bytes),
          onUnidentified: (name, diffId) => identities.learnHash(name, diffId),
        }, { image: ref, limits, signal: abort });
        pending = new Set([...pending].filter((d) => !delivered.has(d)));
      }
      if (pending.size > 0) throw new RpcError('invalid_input', `${ref}: the engine's export has no layer ${[...pending][0]}`);
    },
    close: async () => undefined,
  };
}
