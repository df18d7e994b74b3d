// Test helpers: layer tars, docker-save archives and OCI layouts written by the tests themselves
// (with tar-stream), so hostile and multi-platform inputs need no fixture files.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import tarStream from 'tar-stream';
import type { Analyzer } from '../analyzers/analyzer';

export interface TarEntry {
  name: string;
  content?: string | Buffer;
  type?: 'file' | 'symlink' | 'link' | 'directory';
  linkname?: string;
  mode?: number;
  uid?: number;
  gid?: number;
}

export function makeTar(entries: readonly TarEntry[]): Promise<Buffer> {
  const pack = tarStream.pack();
  for (const e of entries) {
    const type = e.type ?? 'file';
    if (type === 'file') {
      const content = typeof e.content === 'string' ? Buffer.from(e.content) : (e.content ?? Buffer.alloc(0));
      pack.entry({ name: e.name, type, mode: e.mode ?? 0o644, uid: e.uid ?? 0, gid: e.gid ?? 0, size: content.length }, content);
    } else {
      pack.entry({ name: e.name, type, linkname: e.linkname, mode: e.mode ?? (type === 'directory' ? 0o755 : 0o777), uid: e.uid ?? 0, gid: e.gid ?? 0 });
    }
  }
  pack.finalize();
  return collect(pack as unknown as AsyncIterable<Buffer>);
}

export async function collect(stream: AsyncIterable<Buffer | Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export function sha256(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function gzip(bytes: Uint8Array): Buffer {
  return gzipSync(bytes);
}

/** A valid zstd frame made of raw (stored) blocks: no encoder needed. */
export function zstdRaw(data: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.from([0x00, 0x58])]; // FHD: no checksum, no dict, no FCS, not single segment; window descriptor 0x58 (32 MiB... ample)
  const max = 128 * 1024;
  if (data.length === 0) parts.push(blockHeader(true, 0, 0));
  for (let offset = 0; offset < data.length; offset += max) {
    const chunk = data.subarray(offset, offset + max);
    parts.push(blockHeader(offset + max >= data.length, 0, chunk.length), chunk);
  }
  return Buffer.concat(parts);
}

/** A zstd frame of RLE blocks: `blocks` × 128 KiB of one byte, a few bytes each. */
export function zstdRle(byte: number, blocks: number): Buffer {
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.from([0x00, 0x58])];
  for (let i = 0; i < blocks; i++) parts.push(blockHeader(i === blocks - 1, 1, 128 * 1024), Buffer.from([byte]));
  return Buffer.concat(parts);
}

function blockHeader(last: boolean, type: number, size: number): Buffer {
  const value = (last ? 1 : 0) | (type << 1) | (size << 3);
  return Buffer.from([value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff]);
}

export function imageConfig(diffIds: string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    architecture: 'amd64',
    os: 'linux',
    created: '2024-01-02T03:04:05Z',
    config: { Env: ['PATH=/usr/bin'], User: 'app', Labels: { team: 'vigil' } },
    history: diffIds.map((_, i) => ({ created: '2024-01-02T03:04:05Z', created_by: `layer ${i}` })),
    rootfs: { type: 'layers', diff_ids: diffIds },
    ...extra,
  };
}

/** A legacy docker-save archive (manifest.json last, as docker writes it). Layers may be given gzip'd. */
export async function legacySave(layers: readonly Buffer[], options: { repoTags?: string[]; gzipLayers?: boolean; config?: Record<string, unknown> } = {}): Promise<{ tar: Buffer; diffIds: string[]; id: string }> {
  const diffIds = layers.map((l) => sha256(l));
  const configBytes = Buffer.from(JSON.stringify(options.config ?? imageConfig(diffIds)));
  const id = sha256(configBytes);
  const entries: TarEntry[] = [];
  const paths: string[] = [];
  layers.forEach((layer, i) => {
    const dir = createHash('sha256').update(`v1-${i}-${diffIds[i]}`).digest('hex');
    entries.push({ name: `${dir}/`, type: 'directory' });
    entries.push({ name: `${dir}/VERSION`, content: '1.0' });
    entries.push({ name: `${dir}/json`, content: JSON.stringify({ id: dir }) });
    entries.push({ name: `${dir}/layer.tar`, content: options.gzipLayers ? gzip(layer) : layer });
    paths.push(`${dir}/layer.tar`);
  });
  entries.push({ name: `${id.slice(7)}.json`, content: configBytes });
  entries.push({ name: 'manifest.json', content: JSON.stringify([{ Config: `${id.slice(7)}.json`, RepoTags: options.repoTags ?? ['vigil/test:1'], Layers: paths }]) });
  entries.push({ name: 'repositories', content: '{}' });
  return { tar: await makeTar(entries), diffIds, id };
}

export type Compression = 'gzip' | 'zstd' | 'none';

export interface LayoutImage {
  platform: { os: string; architecture: string; variant?: string };
  layers: { tar: Buffer; compression: Compression }[];
}

const LAYER_MEDIA: Record<Compression, string> = {
  none: 'application/vnd.oci.image.layer.v1.tar',
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
};

/** Write an OCI image layout: one index (nested under index.json when `nested`) listing every image. */
export function writeOciLayout(dir: string, images: readonly LayoutImage[], options: { nested?: boolean; platformsInIndex?: boolean; refName?: string } = {}): { ids: string[]; diffIds: string[][] } {
  fs.mkdirSync(path.join(dir, 'blobs', 'sha256'), { recursive: true });
  const put = (bytes: Buffer): { digest: string; size: number } => {
    const digest = sha256(bytes);
    fs.writeFileSync(path.join(dir, 'blobs', 'sha256', digest.slice(7)), bytes);
    return { digest, size: bytes.length };
  };
  const ids: string[] = [];
  const allDiffIds: string[][] = [];
  const manifests = images.map((image) => {
    const diffIds = image.layers.map((l) => sha256(l.tar));
    allDiffIds.push(diffIds);
    const config = put(Buffer.from(JSON.stringify({ ...imageConfig(diffIds), architecture: image.platform.architecture, os: image.platform.os, ...(image.platform.variant ? { variant: image.platform.variant } : {}) })));
    ids.push(config.digest);
    const layers = image.layers.map((l) => {
      const stored = l.compression === 'gzip' ? gzip(l.tar) : l.compression === 'zstd' ? zstdRaw(l.tar) : l.tar;
      return { mediaType: LAYER_MEDIA[l.compression], ...put(stored) };
    });
    const manifest = put(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers })));
    return {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      ...manifest,
      ...(options.platformsInIndex === false ? {} : { platform: image.platform }),
    };
  });
  const attestation = { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...put(Buffer.from('{"schemaVersion":2,"config":{"mediaType":"x","digest":"sha256:' + '0'.repeat(64) + '","size":0},"layers":[]}')), platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } };
  const inner = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [...manifests, attestation] };
  const annotations = options.refName ? { 'org.opencontainers.image.ref.name': options.refName } : undefined;
  let index: unknown = annotations ? { ...inner, manifests: inner.manifests.map((m) => ({ ...m, annotations: { ...(m as { annotations?: object }).annotations, ...annotations } })) } : inner;
  if (options.nested) {
    const nested = put(Buffer.from(JSON.stringify(inner)));
    index = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', ...nested, ...(annotations ? { annotations } : {}) }] };
  }
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify(index));
  fs.writeFileSync(path.join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  return { ids, diffIds: allDiffIds };
}

/** A tar of a directory tree (for OCI archives), via tar-stream. */
export async function tarDirectory(dir: string): Promise<Buffer> {
  const entries: TarEntry[] = [];
  const walk = (rel: string): void => {
    for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
      const relative = rel ? `${rel}/${name}` : name;
      const stat = fs.statSync(path.join(dir, relative));
      if (stat.isDirectory()) {
        entries.push({ name: `${relative}/`, type: 'directory' });
        walk(relative);
      } else entries.push({ name: relative, content: fs.readFileSync(path.join(dir, relative)) });
    }
  };
  walk('');
  return makeTar(entries);
}

/** An analyzer for tests: reads etc/os-release into an OsInfo. */
export function osReleaseAnalyzer(maxBytes = 64 * 1024): Analyzer {
  return {
    id: 'test-os-release',
    version: 1,
    maxBytes,
    wants: (entry) => entry.path === 'etc/os-release' || entry.path === 'usr/lib/os-release',
    analyze: (entry, content) => {
      const fields = Object.fromEntries(
        content
          .toString('utf8')
          .split('\n')
          .map((line) => /^([A-Z_]+)="?([^"]*)"?$/.exec(line.trim()))
          .filter((m): m is RegExpExecArray => m !== null)
          .map((m) => [m[1], m[2]]),
      ) as Record<string, string>;
      return { os: { family: (fields.ID ?? 'unknown').toLowerCase(), version: fields.VERSION_ID ?? '', codename: fields.VERSION_CODENAME ?? null, prettyName: fields.PRETTY_NAME ?? null, source: entry.path } };
    },
  };
}

/** An analyzer for tests: apk's installed database → packages (name, version, origin) and owned files. */
export function apkAnalyzer(): Analyzer {
  return {
    id: 'test-apk',
    version: 1,
    owns: 'os',
    maxBytes: 16 * 1024 * 1024,
    wants: (entry) => entry.path === 'lib/apk/db/installed',
    analyze: (entry, content) => {
      const packages = [];
      const owned: string[] = [];
      for (const block of content.toString('utf8').split('\n\n')) {
        const lines = block.split('\n');
        const field = (k: string): string | null => lines.find((l) => l.startsWith(`${k}:`))?.slice(2) ?? null;
        const name = field('P');
        const version = field('V');
        if (!name || !version) continue;
        packages.push({ type: 'apk' as const, name, version, sourceName: field('o'), sourceVersion: version, namespace: null, arch: field('A'), purl: `pkg:apk/alpine/${name}@${version}`, licenses: [], path: entry.path, installedBy: null });
        let dir = '';
        for (const line of lines) {
          if (line.startsWith('F:')) dir = line.slice(2);
          else if (line.startsWith('R:')) owned.push(dir ? `${dir}/${line.slice(2)}` : line.slice(2));
        }
      }
      return { packages, ownedPaths: owned };
    },
  };
}

export function readableOf(bytes: Buffer): Readable {
  return Readable.from([bytes]);
}

/** Open → analyse every layer → merge: the scan pipeline without cache or matching. */
export async function analyseImage(image: import('./image-source').OpenedImage, analyzers: Analyzer[] = [], limits: Partial<import('../layers/archive-limits').ArchiveLimits> = {}) {
  const { analyzeLayer } = await import('../layers/analyze-layer');
  const { archiveLimits } = await import('../layers/archive-limits');
  const { mergeLayers } = await import('../layers/merge-layers');
  const analyses = new Map<string, import('../layers/layer-analysis').LayerAnalysis>();
  const order: string[] = [];
  await image.readLayers(new Set(image.layers.map((l) => l.diffId)), async (layer, tar) => {
    order.push(layer.diffId);
    analyses.set(layer.diffId, await analyzeLayer(tar, layer, { analyzers, limits: archiveLimits(limits), image: image.name }));
  });
  const merged = mergeLayers(image.layers.map((info) => ({ info, analysis: analyses.get(info.diffId)! })));
  return { analyses, order, merged };
}
