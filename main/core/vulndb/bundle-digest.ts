// A bundle's SHA-256, checked BEFORE anything is imported: against --sha256 <hex>, or against a
// `<bundle>.sha256` file beside it (sha256sum's "<hex>  <name>" format, or the bare hex).
// A file's digest is the sha256 of its bytes; a directory's is the sha256 of the sorted
// "<sha256 of file>  <relative path>\n" lines of its files (hidden names skipped), the same
// text `find . -type f | sort | xargs sha256sum` prints without the "./".
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RpcError } from '../../../shared/contracts/errors';
import { walkDirectory } from './bundle-entries';
import { throwIfAborted } from './import-context';

const HEX64 = /^[0-9a-f]{64}$/;

const SMALL = 8 << 20;

export async function fileSha256(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  // Small files in one read: a stream per file costs more than hashing thousands of them.
  if (fs.statSync(file).size <= SMALL) return hash.update(fs.readFileSync(file)).digest('hex');
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  for await (const chunk of stream) {
    if (signal?.aborted) {
      stream.destroy();
      throwIfAborted(signal, `digest of ${path.basename(file)}`);
    }
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

export async function bundleDigest(bundle: string, signal?: AbortSignal): Promise<string> {
  const stat = fs.statSync(bundle);
  if (!stat.isDirectory()) return fileSha256(bundle, signal);
  const lines: string[] = [];
  for (const rel of walkDirectory(bundle)) {
    lines.push(`${await fileSha256(path.join(bundle, rel), signal)}  ${rel}\n`);
  }
  lines.sort((a, b) => {
    const pa = a.slice(66);
    const pb = b.slice(66);
    return pa < pb ? -1 : pa > pb ? 1 : 0;
  });
  return createHash('sha256').update(lines.join('')).digest('hex');
}

export function normalizeHex(value: string, from: string): string {
  const hex = value.trim().toLowerCase().replace(/^sha256:/, '');
  if (!HEX64.test(hex)) throw new RpcError('invalid_input', `${from}: "${value.trim()}" is not a SHA-256 digest (64 hex digits)`);
  return hex;
}

/** The expected digest: the given one, or the <bundle>.sha256 file beside it, or null. */
export function expectedDigest(bundle: string, given?: string | null): { hex: string; from: string } | null {
  if (given) return { hex: normalizeHex(given, '--sha256'), from: '--sha256' };
  const sidecar = `${bundle.replace(/[\\/]+$/, '')}.sha256`;
  if (!fs.existsSync(sidecar)) return null;
  const text = fs.readFileSync(sidecar, 'utf8').trim();
  const first = text.split(/\s+/)[0] ?? '';
  return { hex: normalizeHex(first, sidecar), from: sidecar };
}

export interface VerifiedDigest {
  digest: string;
  /** Where the expected value came from, when one was checked. */
  verifiedAgainst: string | null;
}

/** Computes the digest and compares it; a mismatch is refused with both digests shown. */
export async function verifyBundleDigest(bundle: string, given?: string | null, signal?: AbortSignal): Promise<VerifiedDigest> {
  const expected = expectedDigest(bundle, given);
  const digest = await bundleDigest(bundle, signal);
  if (expected && expected.hex !== digest) {
    throw new RpcError(
      'invalid_input',
      `digest mismatch for ${bundle}: expected sha256 ${expected.hex} (from ${expected.from}), but the bundle's sha256 is ${digest}. Nothing was imported.`,
      { bundle, expected: expected.hex, actual: digest, from: expected.from },
    );
  }
  return { digest, verifiedAgainst: expected?.from ?? null };
}
