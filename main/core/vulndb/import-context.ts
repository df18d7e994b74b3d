// What every importer shares: progress and cancellation from the caller (a task or the CLI),
// and the tally of corrupt records (counted, the first few listed, fatal under --strict).
import { RpcError } from '../../../shared/contracts/errors';

/** fraction 0..1 (null: unknown) and a short message. */
export type ProgressFn = (fraction: number | null, message: string) => void;

export type BundleKind = 'osv' | 'alpine-secdb' | 'debian-tracker';

export interface ImportContext {
  signal?: AbortSignal;
  /** Progress within this bundle. */
  progress?: ProgressFn;
  /** Fail on the first corrupt record instead of counting it. */
  strict?: boolean;
  /** How many corrupt records to list by name (default 20). */
  maxListed?: number;
}

export interface CorruptRecord {
  bundle: string;
  /** The file inside the bundle (or the record key, for one-document bundles). */
  file: string;
  reason: string;
}

export interface BundleImportResult {
  bundle: string;
  kind: BundleKind;
  source: string;
  digest: string | null;
  /** Files (or top-level members) read. */
  files: number;
  advisories: number;
  affectedRows: number;
  corrupt: number;
  corruptList: CorruptRecord[];
}

/** Close the bundle's source in the writer, report 100 %, and say what was imported. */
export function finishBundle(
  writer: { endSource(corrupt?: number): { advisories: number; affectedRows: number } },
  tally: CorruptTally,
  meta: { bundle: string; kind: BundleKind; source: string; digest: string | null; files: number; label: string; progress?: ProgressFn | undefined },
): BundleImportResult {
  const counts = writer.endSource(tally.count);
  meta.progress?.(1, `${meta.label}: ${counts.advisories} advisories`);
  return {
    bundle: meta.bundle,
    kind: meta.kind,
    source: meta.source,
    digest: meta.digest,
    files: meta.files,
    advisories: counts.advisories,
    affectedRows: counts.affectedRows,
    corrupt: tally.count,
    corruptList: tally.list,
  };
}

export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new RpcError('cancelled', `${what}: cancelled`);
}

export class CorruptTally {
  count = 0;
  readonly list: CorruptRecord[] = [];

  constructor(
    private readonly bundle: string,
    private readonly strict: boolean,
    private readonly maxListed: number,
  ) {}

  add(file: string, reason: string): void {
    if (this.strict) {
      throw new RpcError('invalid_input', `corrupt record in ${this.bundle}: ${file}: ${reason} (--strict stops at the first one)`, {
        bundle: this.bundle,
        file,
        reason,
      });
    }
    this.count++;
    if (this.list.length < this.maxListed) this.list.push({ bundle: this.bundle, file, reason });
  }
}

/** Calls `progress` at most every `ms` milliseconds (and always for fraction 1). */
export function throttle(progress: ProgressFn | undefined, ms = 100): ProgressFn {
  if (!progress) return () => {};
  let last = 0;
  return (fraction, message) => {
    const now = Date.now();
    if (fraction === 1 || now - last >= ms) {
      last = now;
      progress(fraction, message);
    }
  };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const v of value) if (typeof v === 'string' && v.trim() !== '') out.push(v.trim());
  return out;
}
