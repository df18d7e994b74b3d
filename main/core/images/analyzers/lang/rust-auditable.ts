// Crates compiled into a Rust executable built with cargo-auditable: its ELF section `.dep-v0`
// holds zlib-compressed JSON, {"packages": [{name, version, source, kind?, dependencies?, root?}]}
// (the rust-audit-info format). Build-only crates (kind "build": build scripts, proc macros) are
// not in the binary and are left out, as Trivy does; the root crate (the program) is reported.
import { inflateSync } from 'node:zlib';
import type { PackageRecord } from '../../../../../shared/model/package';
import type { Analyzer, AnalyzerOutput, EntryFacts } from '../analyzer';
import { isElfHead, looksExecutable, makePackage, reason } from './common';
import { findSection, isElf, parseElf, sectionData, sectionNames } from './elf';

export const RUST_AUDIT_SECTION = '.dep-v0';
/** cargo-auditable itself refuses more than 8 MiB of JSON; a little more is allowed here. */
const MAX_JSON = 16 * 1024 * 1024;

export interface RustAuditPackage {
  name: string;
  version: string;
  source: string;
  kind: 'runtime' | 'build';
  root: boolean;
}

export class RustAuditError extends Error {}

/** The audit data's packages; null when the file has no .dep-v0 section. Throws RustAuditError when it cannot be read. */
export function readRustAudit(buf: Buffer): RustAuditPackage[] | null {
  if (!isElf(buf)) return null;
  let section;
  try {
    section = findSection(parseElf(buf), RUST_AUDIT_SECTION);
  } catch (err) {
    throw new RustAuditError(`unreadable ELF headers: ${reason(err)}`);
  }
  if (!section) return null;
  const data = sectionData(buf, section);
  if (!data) throw new RustAuditError(`${RUST_AUDIT_SECTION} section lies outside the file`);
  let json: string;
  try {
    json = inflateSync(data, { maxOutputLength: MAX_JSON }).toString('utf8');
  } catch (err) {
    throw new RustAuditError(`${RUST_AUDIT_SECTION} is not zlib data: ${reason(err)}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (err) {
    throw new RustAuditError(`${RUST_AUDIT_SECTION} is not JSON: ${reason(err)}`);
  }
  const list = (doc as { packages?: unknown } | null)?.packages;
  if (!Array.isArray(list)) throw new RustAuditError(`${RUST_AUDIT_SECTION} has no "packages" array`);
  const out: RustAuditPackage[] = [];
  for (const p of list as unknown[]) {
    if (!p || typeof p !== 'object') continue;
    const { name, version, source, kind, root } = p as Record<string, unknown>;
    if (typeof name !== 'string' || !name || typeof version !== 'string' || !version) continue;
    out.push({
      name,
      version,
      source: typeof source === 'string' ? source : '',
      kind: kind === 'build' ? 'build' : 'runtime',
      root: root === true,
    });
  }
  return out;
}

export function rustPackages(list: RustAuditPackage[], path: string): PackageRecord[] {
  return list.filter((p) => p.kind !== 'build').map((p) => makePackage({ type: 'cargo', namespace: null, name: p.name, version: p.version, path }));
}

export const rustAuditableAnalyzer: Analyzer = {
  id: 'rust-auditable',
  version: 1,
  maxBytes: 256 * 1024 * 1024,
  wants(entry: EntryFacts, head: Buffer): boolean {
    return isElfHead(head) && looksExecutable(entry);
  },
  stillWants(_entry: EntryFacts, file): boolean {
    try {
      return sectionNames(file).has(RUST_AUDIT_SECTION);
    } catch {
      return true;
    }
  },
  analyze(entry: EntryFacts, content: Buffer): AnalyzerOutput {
    let list: RustAuditPackage[] | null;
    try {
      list = readRustAudit(content);
    } catch (err) {
      return { notes: [`${entry.path}: Rust dependency data not read: ${reason(err)}`] };
    }
    if (!list) return {};
    if (list.length === 0) return { notes: [`${entry.path}: ${RUST_AUDIT_SECTION} lists no packages`] };
    return { packages: rustPackages(list, entry.path) };
  },
};
