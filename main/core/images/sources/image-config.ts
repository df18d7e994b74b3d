// The image config JSON (OCI image config / Docker image JSON) as Vigil uses it, and the layer
// list it implies: diffIDs in order, each with the history line that made it.
import { createHash } from 'node:crypto';
import { RpcError } from '../../../../shared/contracts/errors';
import type { LayerInfo } from '../../../../shared/model/image';
import type { ImageConfig } from './image-source';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const strings = (v: unknown): string[] | null => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null);

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new RpcError('invalid_input', `${what} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Accepts the config blob as parsed JSON; throws 'invalid_input' when it is not an image config. */
export function parseImageConfig(raw: unknown, what = 'The image config'): ImageConfig {
  if (!isObject(raw)) throw new RpcError('invalid_input', `${what} is not a JSON object`);
  const rootfs = raw.rootfs;
  const diffIds = isObject(rootfs) ? strings(rootfs.diff_ids) : null;
  if (!diffIds) throw new RpcError('invalid_input', `${what} has no rootfs.diff_ids`);
  for (const d of diffIds) if (!/^sha(256|512):[a-f0-9]+$/.test(d)) throw new RpcError('invalid_input', `${what} lists a malformed diffID ${JSON.stringify(d)}`);
  const config = isObject(raw.config) ? raw.config : {};
  const labels: Record<string, string> = {};
  if (isObject(config.Labels)) for (const [k, v] of Object.entries(config.Labels)) if (typeof v === 'string') labels[k] = v;
  const healthcheck = isObject(config.Healthcheck) ? strings(config.Healthcheck.Test) : null;
  const history = Array.isArray(raw.history)
    ? raw.history.filter(isObject).map((h) => ({
        created: str(h.created),
        createdBy: str(h.created_by),
        emptyLayer: h.empty_layer === true,
        comment: str(h.comment),
      }))
    : [];
  return {
    os: str(raw.os),
    architecture: str(raw.architecture),
    variant: str(raw.variant),
    created: str(raw.created),
    user: str(config.User) || null,
    env: strings(config.Env) ?? [],
    labels,
    entrypoint: strings(config.Entrypoint),
    cmd: strings(config.Cmd),
    exposedPorts: isObject(config.ExposedPorts) ? Object.keys(config.ExposedPorts) : [],
    healthcheck: healthcheck ? { test: healthcheck } : null,
    history,
    diffIds,
    raw,
  };
}

/** The history line of each non-empty layer, when the history has exactly one per layer. */
export function layerCreatedBy(config: ImageConfig): (string | null)[] {
  const lines = config.history.filter((h) => !h.emptyLayer);
  if (lines.length !== config.diffIds.length) return config.diffIds.map(() => null);
  return lines.map((h) => h.createdBy);
}

export function layerInfos(config: ImageConfig, stored: readonly { digest: string | null; size: number | null }[] = []): LayerInfo[] {
  const createdBy = layerCreatedBy(config);
  return config.diffIds.map((diffId, index) => ({
    index,
    diffId,
    digest: stored[index]?.digest ?? null,
    size: stored[index]?.size ?? null,
    createdBy: createdBy[index] ?? null,
  }));
}
