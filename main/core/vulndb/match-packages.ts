// Inventory against advisories. OS packages are looked up by their source/origin package in
// their distribution release's advisories only, language packages in their ecosystem's;
// versions are compared with the ecosystem's own rules (shared/versions). One query per
// ecosystem for all names, parsed rows cached on the VulnDb, one result per
// (vulnerability or its alias group, package).
import type { Cvss, FixState, VulnerabilityMatch } from '../../../shared/model/finding';
import type { OsInfo } from '../../../shared/model/os-info';
import { isOsPackage, type PackageRecord } from '../../../shared/model/package';
import { severityRank, type Severity } from '../../../shared/model/severity';
import { isAffectedEntry, toEcosystem, tryCompare, type Ecosystem } from '../../../shared/versions';
import { matchSourceName, packageKey } from './advisory-record';
import { cvssBaseScore, cvssSeverity, cvssType } from './cvss';
import { languageEcosystem, osEcosystems, osPackageTypeFor, osvPackageName, osvVersion } from './os-ecosystem';
import type { AdvisoryRow, AffectedRow, VulnDb } from './vulndb';

export interface MatchStats {
  /** Packages looked up. */
  checked: number;
  /** Skipped: installed by an OS package, no ecosystem, no OS release known, no version. */
  skipped: number;
  /** (package, advisory) pairs whose versions could not be compared (not reported). */
  unreadable: number;
}

export interface MatchOptions {
  /**
   * When a match has neither a vendor rating nor a CVSS vector (Alpine secdb, the Debian
   * tracker), borrow the CVSS vectors other advisories in the DB give for the same id or
   * alias (default true).
   */
  borrowCvss?: boolean;
  /** How many references a match carries (default 5). */
  maxReferences?: number;
}

interface Target {
  pkg: PackageRecord;
  ecosystems: string[];
  comparator: Ecosystem;
  key: string;
  name: string;
  version: string;
}

interface Hit {
  advisoryId: number;
  rows: AffectedRow[]; // rows of this advisory for the package that matched
  allRows: AffectedRow[]; // every row of this advisory for the package (for fixed versions)
}

const MEMO_MAX = 256;

/** One row for one version, remembered on the row. true / false / undefined (unreadable). */
function evaluate(row: AffectedRow, ecosystem: Ecosystem, version: string): boolean | undefined {
  if (row.memo.has(version)) return row.memo.get(version);
  let result: boolean | undefined;
  if (row.versionSet?.has(version)) result = true;
  else if (row.ranges && row.ranges.length) {
    result = isAffectedEntry(ecosystem, version, { ranges: row.ranges });
  } else if (row.versions) {
    // Only an explicit list: compare each (PyPI 1.0 = 1.0.0 …).
    result = isAffectedEntry(ecosystem, version, { versions: row.versions });
  } else {
    result = false;
  }
  if (row.memo.size >= MEMO_MAX) row.memo.clear();
  row.memo.set(version, result);
  return result;
}

function plan(os: OsInfo | null, packages: readonly PackageRecord[], stats: MatchStats): Target[] {
  const osEcos = osEcosystems(os);
  const osType = osPackageTypeFor(os);
  const osComparator = osEcos[0] ? toEcosystem(osEcos[0]) : undefined;
  const targets: Target[] = [];
  for (const pkg of packages) {
    if (!pkg.version || !pkg.version.trim()) {
      stats.skipped++;
      continue;
    }
    if (isOsPackage(pkg.type)) {
      if (!osEcos.length || !osComparator || pkg.type !== osType) {
        stats.skipped++;
        continue;
      }
      const name = (pkg.sourceName ?? '').trim() || pkg.name;
      const version = (pkg.sourceVersion ?? '').trim() || pkg.version.trim();
      targets.push({ pkg, ecosystems: osEcos, comparator: osComparator, key: packageKey(osEcos[0]!, name), name, version });
      continue;
    }
    if (pkg.installedBy) {
      stats.skipped++;
      continue;
    }
    const eco = languageEcosystem(pkg.type);
    if (!eco) {
      stats.skipped++;
      continue;
    }
    const name = osvPackageName(pkg);
    targets.push({ pkg, ecosystems: [eco], comparator: eco, key: packageKey(eco, name), name, version: osvVersion(pkg, name) });
  }
  return targets;
}

function idPrefixSource(vulnId: string): string {
  const prefix = vulnId.split('-')[0]!.toLowerCase();
  return prefix === 'cve' ? 'nvd' : prefix;
}

// Scored once per advisory (advisory rows are cached on the VulnDb, so across scans too).
const scored = new WeakMap<AdvisoryRow, Cvss[]>();

function cvssOf(advisory: AdvisoryRow): Cvss[] {
  let list = scored.get(advisory);
  if (!list) {
    list = advisory.severity.map((s) => ({
      type: cvssType(s.score, s.type),
      vector: s.score,
      score: cvssBaseScore(s.score),
      source: idPrefixSource(advisory.vulnId),
    }));
    scored.set(advisory, list);
  }
  return list;
}

const SOURCE_PREFERENCE: Record<string, number> = { 'alpine-secdb': 0, 'debian-tracker': 0, osv: 1 };

function idOrder(id: string): number {
  if (id.startsWith('CVE-')) return 0;
  if (id.startsWith('GHSA-')) return 1;
  return 2;
}

/** Groups advisories that share an id or alias (transitively). */
function aliasGroups(hits: { hit: Hit; advisory: AdvisoryRow }[]): { hit: Hit; advisory: AdvisoryRow }[][] {
  const parent = hits.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const owner = new Map<string, number>();
  hits.forEach(({ advisory }, i) => {
    for (const id of [advisory.vulnId, ...advisory.aliases]) {
      const o = owner.get(id);
      if (o === undefined) owner.set(id, i);
      else parent[find(i)] = find(o);
    }
  });
  const groups = new Map<number, { hit: Hit; advisory: AdvisoryRow }[]>();
  hits.forEach((h, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(h);
    else groups.set(r, [h]);
  });
  return [...groups.values()];
}

function lowestFixAbove(ecosystem: Ecosystem, version: string, rows: readonly AffectedRow[]): string | null {
  let best: string | null = null;
  for (const row of rows) {
    for (const f of row.fixed) {
      if ((tryCompare(ecosystem, f, version) ?? 0) <= 0) continue;
      if (best === null || (tryCompare(ecosystem, f, best) ?? 0) < 0) best = f;
    }
  }
  return best;
}

function stateOf(rows: readonly AffectedRow[]): 'wont-fix' | 'not-fixed' | 'unknown' | null {
  if (rows.some((r) => r.state === 'wont-fix')) return 'wont-fix';
  if (rows.some((r) => r.state === 'not-fixed')) return 'not-fixed';
  if (rows.some((r) => r.state === 'unknown')) return 'unknown';
  return null;
}

export interface MatchResult {
  matches: VulnerabilityMatch[];
  stats: MatchStats;
}

/** Matches and counts (see MatchStats). */
export function matchInventory(db: VulnDb, os: OsInfo | null, packages: readonly PackageRecord[], options: MatchOptions = {}): MatchResult {
  const stats: MatchStats = { checked: 0, skipped: 0, unreadable: 0 };
  const targets = plan(os, packages, stats);
  stats.checked = targets.length;

  // 1. One query per ecosystem for every name in it.
  const names = new Map<string, Set<string>>();
  for (const t of targets) {
    for (const e of t.ecosystems) {
      let set = names.get(e);
      if (!set) names.set(e, (set = new Set()));
      set.add(t.key);
    }
  }
  const rowsByEco = new Map<string, Map<string, AffectedRow[]>>();
  for (const [eco, keys] of names) {
    const byKey = new Map<string, AffectedRow[]>();
    for (const row of db.lookup(eco, [...keys])) {
      const list = byKey.get(row.name);
      if (list) list.push(row);
      else byKey.set(row.name, [row]);
    }
    rowsByEco.set(eco, byKey);
  }

  // 2. Evaluate each package's rows.
  const perTarget: { target: Target; hits: Hit[] }[] = [];
  const advisoryIds = new Set<number>();
  for (const t of targets) {
    let byAdvisory: Map<number, Hit> | null = null;
    for (const eco of t.ecosystems) {
      const rows = rowsByEco.get(eco)?.get(t.key);
      if (!rows) continue;
      for (const row of rows) {
        const r = evaluate(row, t.comparator, t.version);
        if (r === undefined) stats.unreadable++;
        byAdvisory ??= new Map();
        let hit = byAdvisory.get(row.advisoryId);
        if (!hit) byAdvisory.set(row.advisoryId, (hit = { advisoryId: row.advisoryId, rows: [], allRows: [] }));
        hit.allRows.push(row);
        if (r) hit.rows.push(row);
      }
    }
    if (!byAdvisory) continue;
    const hits = [...byAdvisory.values()].filter((h) => h.rows.length > 0);
    if (!hits.length) continue;
    for (const h of hits) advisoryIds.add(h.advisoryId);
    perTarget.push({ target: t, hits });
  }
  if (!perTarget.length) return { matches: [], stats };

  // 3. Advisory details for the hits only; CVSS for matches that have no rating of their own.
  const advisories = db.advisories(advisoryIds);
  const grouped = perTarget.map(({ target, hits }) => ({
    target,
    groups: aliasGroups(hits.flatMap((hit) => (advisories.has(hit.advisoryId) ? [{ hit, advisory: advisories.get(hit.advisoryId)! }] : []))),
  }));
  const borrowed = options.borrowCvss === false ? new Map<string, Cvss[]>() : borrowCvss(db, grouped.flatMap((g) => g.groups));

  const matches: VulnerabilityMatch[] = [];
  const maxRefs = options.maxReferences ?? 5;
  for (const { target, groups } of grouped) {
    const out: VulnerabilityMatch[] = [];
    for (const group of groups) out.push(buildMatch(target, group, borrowed, maxRefs));
    out.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.vulnId < b.vulnId ? -1 : a.vulnId > b.vulnId ? 1 : 0));
    matches.push(...out);
  }
  return { matches, stats };
}

/** The matches of an inventory against the database. */
export function matchPackages(db: VulnDb, os: OsInfo | null, packages: readonly PackageRecord[], options: MatchOptions = {}): VulnerabilityMatch[] {
  return matchInventory(db, os, packages, options).matches;
}

function groupIds(group: { advisory: AdvisoryRow }[]): string[] {
  const ids = new Set<string>();
  for (const { advisory } of group) {
    ids.add(advisory.vulnId);
    for (const a of advisory.aliases) ids.add(a);
  }
  return [...ids];
}

function hasOwnRating(group: { hit: Hit; advisory: AdvisoryRow }[]): boolean {
  return group.some(({ hit, advisory }) => advisory.vendorSeverity || advisory.severity.length || hit.rows.some((r) => r.vendorSeverity));
}

/** CVSS vectors other advisories give for the ids of groups that have no rating. */
function borrowCvss(db: VulnDb, groups: { hit: Hit; advisory: AdvisoryRow }[][]): Map<string, Cvss[]> {
  const wanted = new Set<string>();
  for (const g of groups) if (!hasOwnRating(g)) for (const id of groupIds(g)) wanted.add(id);
  const out = new Map<string, Cvss[]>();
  if (!wanted.size) return out;
  for (const other of db.advisoriesByVulnId([...wanted])) {
    if (!other.severity.length) continue;
    const list = out.get(other.vulnId) ?? [];
    for (const c of cvssOf(other)) if (!list.some((x) => x.vector === c.vector)) list.push(c);
    out.set(other.vulnId, list);
  }
  return out;
}

function buildMatch(
  target: Target,
  group: { hit: Hit; advisory: AdvisoryRow }[],
  borrowed: Map<string, Cvss[]>,
  maxRefs: number,
): VulnerabilityMatch {
  group.sort(
    (a, b) =>
      (SOURCE_PREFERENCE[a.advisory.sourceKind] ?? 2) - (SOURCE_PREFERENCE[b.advisory.sourceKind] ?? 2) ||
      idOrder(a.advisory.vulnId) - idOrder(b.advisory.vulnId) ||
      a.advisory.advisoryId - b.advisory.advisoryId,
  );
  const primary = group[0]!;
  const ids = groupIds(group);
  const cves = ids.filter((id) => /^CVE-\d{4}-\d+$/.test(id));
  const vulnId = cves.length === 1 ? cves[0]! : primary.advisory.vulnId;
  const aliases = ids.filter((id) => id !== vulnId).sort((a, b) => idOrder(a) - idOrder(b) || (a < b ? -1 : a > b ? 1 : 0));

  // Fix: the lowest fixed version above the installed one, over every advisory of the group.
  const allRows = group.flatMap((g) => g.hit.allRows);
  const hitRows = group.flatMap((g) => g.hit.rows);
  const fixedVersion = lowestFixAbove(target.comparator, target.version, allRows);
  const state = stateOf(primary.hit.rows) ?? stateOf(hitRows);
  let fixState: FixState;
  if (fixedVersion !== null && state !== 'wont-fix') fixState = 'fixed';
  else fixState = state ?? 'not-fixed';

  // Severity: the source's own rating first (the row's — Debian urgency is per release —
  // then the advisory's), else the CVSS band.
  let vendor: Severity | null = null;
  for (const { hit, advisory } of group) {
    vendor = hit.rows.find((r) => r.vendorSeverity)?.vendorSeverity ?? advisory.vendorSeverity ?? null;
    if (vendor) break;
  }
  const cvss: Cvss[] = [];
  for (const { advisory } of group) for (const c of cvssOf(advisory)) if (!cvss.some((x) => x.vector === c.vector)) cvss.push({ ...c });
  if (!cvss.length && !vendor) {
    for (const id of [vulnId, ...aliases]) for (const c of borrowed.get(id) ?? []) if (!cvss.some((x) => x.vector === c.vector)) cvss.push({ ...c });
  }
  let severity: Severity = 'unknown';
  let severitySource: VulnerabilityMatch['severitySource'] = 'none';
  if (vendor) {
    severity = vendor;
    severitySource = 'vendor';
  } else {
    const band = cvssSeverity(cvss);
    if (band) {
      severity = band;
      severitySource = 'cvss';
    }
  }

  const references: string[] = [];
  for (const { advisory } of group) for (const r of advisory.references) if (!references.includes(r)) references.push(r);
  const title =
    group.map((g) => g.advisory.summary).find((s) => s) ??
    group.map((g) => g.advisory.details?.split('\n')[0]?.trim()).find((s) => s)?.slice(0, 200) ??
    null;
  const published = primary.advisory.published ?? group.map((g) => g.advisory.published).filter((p): p is string => !!p).sort()[0] ?? null;

  return {
    vulnId,
    aliases,
    title,
    severity,
    severitySource,
    cvss,
    fixState,
    fixedVersion: fixState === 'fixed' ? fixedVersion : null,
    source: matchSourceName(primary.advisory.sourceKind, primary.hit.rows[0]?.ecosystem ?? target.ecosystems[0]!),
    references: references.slice(0, maxRefs),
    published,
    packageType: target.pkg.type,
    packageName: target.pkg.name,
    packageVersion: target.pkg.version,
    matchedName: target.name,
    packagePath: target.pkg.path,
  };
}
