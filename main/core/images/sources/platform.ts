// Platforms ('linux/amd64', 'linux/arm/v7') of multi-arch images: parse, name, match, and choose
// one: the one asked for, else the host's, and when that is not a single match, an error that
// lists what the image has so the UI can let the user choose.
import { RpcError } from '../../../../shared/contracts/errors';

export interface Platform {
  os: string;
  architecture: string;
  variant: string | null;
}

const ARCH_ALIASES: Record<string, string> = { x86_64: 'amd64', x64: 'amd64', aarch64: 'arm64', i386: '386', i686: '386', ia32: '386', armhf: 'arm', armel: 'arm' };

export function normaliseArch(architecture: string): string {
  const lower = architecture.toLowerCase();
  return ARCH_ALIASES[lower] ?? lower;
}

/** 'linux/arm64', 'linux/arm/v7', 'arm64' (linux assumed); throws 'invalid_input' on anything else. */
export function parsePlatform(text: string): Platform {
  const parts = text.trim().split('/');
  if (parts.length === 1 && parts[0]) return { os: 'linux', architecture: normaliseArch(parts[0]), variant: null };
  if ((parts.length === 2 || parts.length === 3) && parts.every((p) => p.length > 0)) {
    return { os: parts[0]!.toLowerCase(), architecture: normaliseArch(parts[1]!), variant: parts[2]?.toLowerCase() ?? null };
  }
  throw new RpcError('invalid_input', `${JSON.stringify(text)} is not a platform: write os/architecture[/variant], e.g. linux/arm64 or linux/arm/v7`);
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** The platform this process runs on, as images name it. */
export function hostPlatform(): Platform {
  const architecture = normaliseArch(process.arch);
  const os = process.platform === 'win32' ? 'windows' : 'linux'; // macOS runs linux images
  return { os, architecture, variant: architecture === 'arm' ? 'v7' : null };
}

/** arm64 without a variant is v8; the variant only has to agree when the wanted one names it. */
export function platformMatches(candidate: Platform, wanted: Platform): boolean {
  if (candidate.os.toLowerCase() !== wanted.os || normaliseArch(candidate.architecture) !== wanted.architecture) return false;
  if (!wanted.variant) return true;
  const variant = candidate.variant?.toLowerCase() ?? (wanted.architecture === 'arm64' ? 'v8' : null);
  return variant === wanted.variant;
}

export interface PlatformCandidate<T> {
  platform: Platform | null;
  item: T;
}

/**
 * One candidate: the only one when nothing is asked and there is one; else the one matching the
 * wanted platform (or the host's when none is asked). None or several: an error listing them.
 */
export function choosePlatform<T>(image: string, candidates: readonly PlatformCandidate<T>[], wanted: string | null | undefined): { item: T; platform: string | null } {
  const available = candidates.map((c) => (c.platform ? formatPlatform(c.platform) : 'unknown'));
  if (candidates.length === 0) throw new RpcError('not_found', `${image}: the image index lists no image`, { image, platforms: [] });
  if (!wanted && candidates.length === 1) return { item: candidates[0]!.item, platform: candidates[0]!.platform ? formatPlatform(candidates[0]!.platform) : null };
  const target = wanted ? parsePlatform(wanted) : hostPlatform();
  const matching = candidates.filter((c) => c.platform && platformMatches(c.platform, target));
  if (matching.length === 1) return { item: matching[0]!.item, platform: formatPlatform(matching[0]!.platform!) };
  const asked = wanted ? `the platform ${formatPlatform(target)}` : `this machine's platform (${formatPlatform(target)}); choose one`;
  const list = [...new Set(available)].join(', ');
  if (matching.length === 0) {
    throw new RpcError('not_found', `${image} has no image for ${asked}. Available platforms: ${list}`, { image, platforms: [...new Set(available)], reason: 'no-matching-platform' });
  }
  const several = [...new Set(matching.map((c) => formatPlatform(c.platform!)))];
  throw new RpcError('invalid_input', `${image} has several images for ${asked}: ${several.join(', ')}. Available platforms: ${list}; name one with its variant`, {
    image,
    platforms: [...new Set(available)],
    reason: 'several-matching-platforms',
  });
}
