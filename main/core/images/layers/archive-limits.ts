// Bounds on what a hostile image archive can make us do: entries, sizes, decompression, paths,
// symlink chains. Every breach is an 'invalid_input' RpcError naming the image, the layer and the
// limit, so a scan fails clearly instead of exhausting memory, disk or time.
import { RpcError } from '../../../../shared/contracts/errors';

export interface ArchiveLimits {
  /** Tar entries in one layer (and in an outer docker-save / OCI archive). */
  maxEntries: number;
  /** Size of one regular file in a layer. */
  maxFileBytes: number;
  /** Uncompressed bytes of one layer tar. */
  maxLayerBytes: number;
  /** Uncompressed : compressed bytes of a gzip/zstd stream, measured as it is decompressed. */
  maxCompressionRatio: number;
  /** The ratio is enforced once this many uncompressed bytes have come out (small streams of zeros are fine). */
  compressionRatioGraceBytes: number;
  /** Characters in one normalised entry path. */
  maxPathLength: number;
  /** Symlinks followed while resolving one path. */
  maxSymlinkDepth: number;
  /** manifest.json, index.json, image configs and manifests are buffered in memory up to this size. */
  maxMetadataBytes: number;
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = Object.freeze({
  maxEntries: 1_000_000,
  maxFileBytes: 8 * GiB,
  maxLayerBytes: 32 * GiB,
  maxCompressionRatio: 200,
  compressionRatioGraceBytes: 64 * MiB,
  maxPathLength: 4096,
  maxSymlinkDepth: 40,
  maxMetadataBytes: 16 * MiB,
});

export function archiveLimits(overrides: Partial<ArchiveLimits> = {}): ArchiveLimits {
  const limits = { ...DEFAULT_ARCHIVE_LIMITS };
  for (const [key, value] of Object.entries(overrides) as [keyof ArchiveLimits, number | undefined][]) {
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}

/** Where a limit was breached: which image, and which layer (or the archive that holds the image). */
export interface LimitContext {
  image: string;
  /** 'layer 2 (sha256:…)', or 'the archive', 'the manifest' … */
  where: string;
}

/** 'layer 2 (sha256:…)'; a layer read before it is known which it is (index -1) is named by its entry in the archive. */
export function describeLayer(layer: { index: number; diffId: string }): string {
  return layer.index < 0 ? `the layer stored as ${layer.diffId}` : `layer ${layer.index} (${layer.diffId})`;
}

export function limitExceeded(context: LimitContext, limit: keyof ArchiveLimits, value: number | string, limitValue: number, what: string): RpcError {
  return new RpcError('invalid_input', `Image ${context.image}, ${context.where}: ${what} (${value}) exceeds the limit ${limit} = ${limitValue}`, {
    image: context.image,
    where: context.where,
    limit,
    value,
    limitValue,
  });
}
