// An image's findings grouped by the package they are in: what to upgrade, to which version,
// and why. Pure, so it is tested without a DOM.
import type { FindingRow } from '../../../shared/contracts/vulnerabilities';
import type { PackageType } from '../../../shared/model/package';
import { severityRank, type Severity } from '../../../shared/model/severity';
import { packageTypeEcosystem } from '../../../shared/model/package-ecosystem';
import { tryCompare } from '../../../shared/versions';

const collator = new Intl.Collator(undefined, { numeric: true });

/** Orders two versions by the package type's own rules; falls back to a natural string order. */
export function compareVersionsOf(type: PackageType, a: string, b: string): number {
  return tryCompare(packageTypeEcosystem[type], a, b) ?? collator.compare(a, b);
}

/** The highest of some versions (the one that fixes them all), or null when there is none. */
export function highestVersion(type: PackageType, versions: readonly (string | null)[]): string | null {
  let best: string | null = null;
  for (const v of versions) {
    if (!v) continue;
    if (best === null || compareVersionsOf(type, v, best) > 0) best = v;
  }
  return best;
}

export interface FindingGroup {
  key: string;
  packageType: PackageType;
  packageName: string;
  packageVersion: string;
  packagePath: string;
  findings: FindingRow[];
  /** The findings that count (not hidden by an ignore rule). */
  active: number;
  /** Worst severity among the active findings (or all, when every one is ignored). */
  worst: Severity;
  /** The version that fixes every active finding that has a fix. */
  fixedIn: string | null;
  /** Active findings with no fixed version. */
  withoutFix: number;
}

export function packageKey(f: Pick<FindingRow, 'packageType' | 'packageName' | 'packageVersion' | 'packagePath'>): string {
  return `${f.packageType}\u0000${f.packageName}\u0000${f.packageVersion}\u0000${f.packagePath}`;
}

export function groupFindings(rows: readonly FindingRow[]): FindingGroup[] {
  const byKey = new Map<string, FindingRow[]>();
  for (const row of rows) {
    const key = packageKey(row);
    const list = byKey.get(key);
    if (list) list.push(row);
    else byKey.set(key, [row]);
  }
  const groups: FindingGroup[] = [];
  for (const [key, findings] of byKey) {
    const first = findings[0]!;
    const active = findings.filter((f) => !f.ignored);
    const counted = active.length ? active : findings;
    findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (b.cvssScore ?? -1) - (a.cvssScore ?? -1) || collator.compare(a.vulnId, b.vulnId));
    groups.push({
      key,
      packageType: first.packageType,
      packageName: first.packageName,
      packageVersion: first.packageVersion,
      packagePath: first.packagePath,
      findings,
      active: active.length,
      worst: counted.reduce<Severity>((w, f) => (severityRank(f.severity) > severityRank(w) ? f.severity : w), 'unknown'),
      fixedIn: highestVersion(
        first.packageType,
        active.filter((f) => f.fixState === 'fixed').map((f) => f.fixedVersion),
      ),
      withoutFix: active.filter((f) => f.fixState !== 'fixed' || !f.fixedVersion).length,
    });
  }
  // Packages with something to fix first: worst severity, then how many, then name.
  return groups.sort(
    (a, b) =>
      Number(b.active > 0) - Number(a.active > 0) ||
      severityRank(b.worst) - severityRank(a.worst) ||
      b.active - a.active ||
      collator.compare(a.packageName, b.packageName),
  );
}

/** "20 findings in 7 packages · 2 ignored", saying so when only the first ones were loaded. */
export function summaryText(total: number, loaded: number, packages: number, ignored: number | null): string {
  const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;
  const where = loaded < total ? `${plural(packages, 'package', 'packages')} in the first ${loaded.toLocaleString()}` : `in ${plural(packages, 'package', 'packages')}`;
  return `${plural(total, 'finding', 'findings')} ${loaded < total ? `(${where})` : where}${ignored !== null ? ` · ${ignored.toLocaleString()} ignored` : ''}`;
}
