// CycloneDX JSON (1.5 by default; 1.6 and 1.7 on request) from a ScanReport, built with
// @cyclonedx/cyclonedx-library's model and JSON serializer.
//
// Layout of the BOM:
// - metadata.component: the image (type container; version = its digest; pkg:oci purl when a
//   registry digest is known); metadata.tools: Vigil; metadata.properties: the vulnerability DB.
// - components: the operating system (type operating-system), one library per package (purl,
//   licenses, properties vigil:package:path / vigil:layer:index / vigil:layer:diffId …), and one
//   file per unowned file (SHA-256, mode, owner, layer).
// - dependencies: image → OS and language packages, OS → its packages. Nothing else is known
//   (the report carries no package-to-package graph), so packages get no entry of their own:
//   in CycloneDX an empty entry would claim "has no dependencies", a missing one means "unknown".
// - vulnerabilities: one per vulnerability id (and ignore rule), `affects` pointing at the
//   package components by bom-ref, with the installed version (affected) and the fixed
//   version (unaffected) when there is one.
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import type { ImageFinding, IgnoreRef, ScanReport } from '../../../shared/model/scan-report';
import { isOsPackage } from '../../../shared/model/package';
import { severityFromScore, type Severity } from '../../../shared/model/severity';
import type { Cvss } from '../../../shared/model/finding';
import {
  advisoryUrl,
  cvssVersion,
  displayName,
  fixText,
  imageDigest,
  imagePurl,
  indexReport,
  parseDate,
  sortedFindings,
  stableUuid,
  type PackageEntry,
} from './common';
import { classifyLicense } from './licenses';

export const cycloneDxSpecVersions = ['1.5', '1.6', '1.7'] as const;
export type CycloneDxSpecVersion = (typeof cycloneDxSpecVersions)[number];

export interface CycloneDxOptions {
  /** Default 1.5. */
  specVersion?: CycloneDxSpecVersion;
  /** Files that belong to no package, as components of type file. Default true. */
  includeFiles?: boolean;
  /** The vulnerabilities array. Default true (false gives a plain SBOM). */
  includeVulnerabilities?: boolean;
  /** JSON indentation. Default 2. */
  indent?: number;
}

const P = 'vigil';

const specs: Record<CycloneDxSpecVersion, Spec.Version> = {
  '1.5': Spec.Version.v1dot5,
  '1.6': Spec.Version.v1dot6,
  '1.7': Spec.Version.v1dot7,
};

export function renderCycloneDx(report: ScanReport, options: CycloneDxOptions = {}): string {
  const specVersion = options.specVersion ?? '1.5';
  const spec = Spec.SpecVersionDict[specs[specVersion]];
  if (!spec) throw new Error(`CycloneDX ${specVersion} is not supported by the CycloneDX library`);
  const bom = buildBom(report, options);
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(spec));
  const normalized = JSON.parse(serializer.serialize(bom, { sortLists: false })) as {
    dependencies?: { ref: string; dependsOn?: string[] }[];
  };
  // The serializer writes an entry for every component; keep only the edges we know (see top).
  if (normalized.dependencies) {
    normalized.dependencies = normalized.dependencies.filter((d) => (d.dependsOn?.length ?? 0) > 0);
  }
  return `${JSON.stringify(normalized, null, options.indent ?? 2)}\n`;
}

/** The library's model of the report, for callers that want to serialise it themselves (XML …). */
export function buildBom(report: ScanReport, options: Omit<CycloneDxOptions, 'specVersion' | 'indent'> = {}): Models.Bom {
  const index = indexReport(report);
  const findings = sortedFindings(report);
  // Resolve every finding first: findings about unlisted packages add components.
  for (const finding of findings) index.packageOf(finding);

  const image = imageComponent(report);
  const tool = new Models.Component(Enums.ComponentType.Application, report.tool.name, {
    version: report.tool.version,
  });
  const bom = new Models.Bom({
    serialNumber: `urn:uuid:${stableUuid(`cyclonedx|${report.image.id}|${report.scannedAt}`)}`,
    metadata: new Models.Metadata({
      timestamp: parseDate(report.scannedAt),
      tools: new Models.Tools({ components: new Models.ComponentRepository([tool]) }),
      component: image,
      properties: metadataProperties(report),
    }),
  });

  const os = report.image.os
    ? new Models.Component(Enums.ComponentType.OperatingSystem, report.image.os.family, {
        bomRef: `os:${report.image.os.family}@${report.image.os.version}`,
        version: report.image.os.version,
        description: report.image.os.prettyName ?? undefined,
        properties: props([
          [`${P}:os:source`, report.image.os.source],
          [`${P}:os:codename`, report.image.os.codename],
        ]),
      })
    : undefined;
  if (os) {
    bom.components.add(os);
    image.dependencies.add(os.bomRef);
  }

  const components = new Map<PackageEntry, Models.Component>();
  for (const entry of index.packages) {
    const component = packageComponent(entry);
    components.set(entry, component);
    bom.components.add(component);
    if (isOsPackage(entry.pkg.type) && os) os.dependencies.add(component.bomRef);
    else image.dependencies.add(component.bomRef);
  }

  if (options.includeFiles ?? true) {
    const seen = new Set<string>();
    for (const file of report.unownedFiles) {
      if (seen.has(file.path)) continue;
      seen.add(file.path);
      const hashes = new Models.HashDictionary();
      const sha256 = file.sha256.replace(/^sha256:/, '').toLowerCase();
      if (/^[0-9a-f]{64}$/.test(sha256)) hashes.set(Enums.HashAlgorithm['SHA-256'], sha256);
      bom.components.add(
        new Models.Component(Enums.ComponentType.File, file.path, {
          bomRef: `file:${file.path}`,
          hashes,
          properties: props([
            [`${P}:file:unowned`, 'true'],
            [`${P}:file:size`, String(file.size)],
            [`${P}:file:mode`, `0${file.mode.toString(8)}`],
            [`${P}:file:uid`, String(file.uid)],
            [`${P}:file:gid`, String(file.gid)],
            [`${P}:layer:index`, String(file.layerIndex)],
            [`${P}:layer:diffId`, file.layerDiffId],
          ]),
        }),
      );
    }
  }

  if (options.includeVulnerabilities ?? true) {
    for (const group of groupFindings(findings)) {
      bom.vulnerabilities.add(vulnerability(group, (f) => components.get(index.packageOf(f)) as Models.Component));
    }
  }
  return bom;
}

function props(entries: [string, string | null | undefined][]): Models.PropertyRepository {
  const repo = new Models.PropertyRepository();
  for (const [name, value] of entries) {
    if (value !== null && value !== undefined && value !== '') repo.add(new Models.Property(name, value));
  }
  return repo;
}

function imageComponent(report: ScanReport): Models.Component {
  const img = report.image;
  const entries: [string, string | null][] = [
    [`${P}:image:id`, img.id],
    [`${P}:image:source`, img.source],
    [`${P}:image:platform`, img.platform],
    [`${P}:image:created`, img.created],
    [`${P}:image:user`, img.user],
  ];
  for (const tag of img.repoTags) entries.push([`${P}:image:repoTag`, tag]);
  for (const digest of img.repoDigests) entries.push([`${P}:image:repoDigest`, digest]);
  for (const layer of img.layers) {
    entries.push([`${P}:layer:${layer.index}:diffId`, layer.diffId]);
    entries.push([`${P}:layer:${layer.index}:createdBy`, layer.createdBy]);
  }
  for (const [key, value] of Object.entries(img.labels)) entries.push([`${P}:image:label:${key}`, value]);
  return new Models.Component(Enums.ComponentType.Container, img.name, {
    bomRef: `image:${img.id}`,
    version: imageDigest(report),
    purl: imagePurl(report),
    properties: props(entries),
  });
}

function metadataProperties(report: ScanReport): Models.PropertyRepository {
  const entries: [string, string | null][] = [[`${P}:report:schemaVersion`, String(report.schemaVersion)]];
  if (report.vulnDb) {
    entries.push([`${P}:vulndb:builtAt`, report.vulnDb.builtAt]);
    for (const source of report.vulnDb.sources) entries.push([`${P}:vulndb:source`, source]);
  }
  for (const note of report.notes) entries.push([`${P}:note`, note]);
  return props(entries);
}

function packageComponent(entry: PackageEntry): Models.Component {
  const { pkg } = entry;
  const os = isOsPackage(pkg.type);
  return new Models.Component(Enums.ComponentType.Library, pkg.name, {
    bomRef: entry.ref,
    // The purl's namespace for language packages (npm scope, Maven groupId, Go module prefix);
    // an OS package's namespace is the distribution, not a group.
    group: !os && pkg.namespace ? pkg.namespace : undefined,
    version: pkg.version,
    purl: pkg.purl,
    licenses: licenses(pkg.licenses),
    properties: props([
      [`${P}:package:type`, pkg.type],
      [`${P}:package:path`, pkg.path],
      [`${P}:layer:index`, String(pkg.layerIndex)],
      [`${P}:layer:diffId`, pkg.layerDiffId],
      [`${P}:package:sourceName`, pkg.sourceName],
      [`${P}:package:sourceVersion`, pkg.sourceVersion],
      [`${P}:package:arch`, pkg.arch],
      [`${P}:package:installedBy`, pkg.installedBy],
      [`${P}:package:notInInventory`, entry.synthetic ? 'true' : null],
    ]),
  });
}

/**
 * CycloneDX takes either a list of licenses (SPDX ids and/or names) or exactly one SPDX
 * expression. One expression alone stays an expression; several ids and expressions are joined
 * with AND into one expression (each declared license applies); when free names are mixed with
 * expressions, the expressions are kept as names so that nothing is lost.
 */
function licenses(declared: readonly string[]): Models.LicenseRepository {
  const repo = new Models.LicenseRepository();
  const terms = [...new Set(declared.map((l) => l.trim()).filter(Boolean))].map(classifyLicense);
  const hasExpression = terms.some((t) => t.kind === 'expression');
  const hasName = terms.some((t) => t.kind === 'name');
  if (hasExpression && !hasName) {
    const parts = terms.map((t) => (t.kind === 'expression' ? (terms.length > 1 ? `(${t.expression})` : t.expression) : t.kind === 'id' ? t.id : ''));
    repo.add(new Models.LicenseExpression(parts.join(' AND ')));
    return repo;
  }
  for (const term of terms) {
    if (term.kind === 'id') repo.add(new Models.SpdxLicense(term.id));
    else if (term.kind === 'name') repo.add(new Models.NamedLicense(term.name));
    else repo.add(new Models.NamedLicense(term.expression));
  }
  return repo;
}

interface FindingGroup {
  vulnId: string;
  ignored: IgnoreRef | null;
  findings: ImageFinding[];
}

/** One CycloneDX vulnerability per id; an id that is ignored for some packages only is split, since analysis is per vulnerability. */
function groupFindings(findings: readonly ImageFinding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const finding of findings) {
    const key = `${finding.vulnId}\u0000${finding.ignored?.id ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      group = { vulnId: finding.vulnId, ignored: finding.ignored, findings: [] };
      groups.set(key, group);
    }
    group.findings.push(finding);
  }
  return [...groups.values()];
}

const cdxSeverity: Record<Severity, Enums.Vulnerability.Severity> = {
  critical: Enums.Vulnerability.Severity.Critical,
  high: Enums.Vulnerability.Severity.High,
  medium: Enums.Vulnerability.Severity.Medium,
  low: Enums.Vulnerability.Severity.Low,
  negligible: Enums.Vulnerability.Severity.Info,
  unknown: Enums.Vulnerability.Severity.Unknown,
};

function ratingMethod(c: Cvss): Enums.Vulnerability.RatingMethod {
  switch (cvssVersion(c)) {
    case '2':
      return Enums.Vulnerability.RatingMethod.CVSSv2;
    case '3':
      return c.vector.startsWith('CVSS:3.0') ? Enums.Vulnerability.RatingMethod.CVSSv3 : Enums.Vulnerability.RatingMethod.CVSSv31;
    case '4':
      return Enums.Vulnerability.RatingMethod.CVSSv4;
    default:
      return Enums.Vulnerability.RatingMethod.Other;
  }
}

function aliasSource(id: string): string {
  if (/^CVE-/i.test(id)) return 'NVD';
  if (/^GHSA-/i.test(id)) return 'GitHub Advisory Database';
  if (/^GO-/.test(id)) return 'Go Vulnerability Database';
  return 'OSV';
}

function vulnerability(group: FindingGroup, componentOf: (f: ImageFinding) => Models.Component): Models.Vulnerability.Vulnerability {
  const first = group.findings[0] as ImageFinding;
  const ratings = new Models.Vulnerability.RatingRepository();
  const seenRatings = new Set<string>();
  const addRating = (rating: Models.Vulnerability.Rating): void => {
    const key = [rating.method, rating.vector, rating.score, rating.severity, rating.source?.name].join('|');
    if (seenRatings.has(key)) return;
    seenRatings.add(key);
    ratings.add(rating);
  };
  for (const finding of group.findings) {
    if (finding.severitySource === 'vendor') {
      addRating(
        new Models.Vulnerability.Rating({
          source: new Models.Vulnerability.Source({ name: finding.source }),
          severity: cdxSeverity[finding.severity],
        }),
      );
    }
    for (const c of finding.cvss) {
      addRating(
        new Models.Vulnerability.Rating({
          source: new Models.Vulnerability.Source({ name: c.source ?? finding.source }),
          score: c.score ?? undefined,
          severity: c.score !== null ? cdxSeverity[severityFromScore(c.score)] : undefined,
          method: ratingMethod(c),
          vector: c.vector || undefined,
        }),
      );
    }
  }
  if (ratings.size === 0) addRating(new Models.Vulnerability.Rating({ severity: cdxSeverity[first.severity] }));

  const references = new Models.Vulnerability.ReferenceRepository();
  const aliases = new Set(group.findings.flatMap((f) => f.aliases).filter((a) => a !== group.vulnId));
  for (const alias of aliases) {
    references.add(
      new Models.Vulnerability.Reference(alias, new Models.Vulnerability.Source({ name: aliasSource(alias), url: advisoryUrl(alias) })),
    );
  }

  const advisories = new Models.Vulnerability.AdvisoryRepository();
  for (const url of new Set(group.findings.flatMap((f) => f.references))) {
    if (/^https?:\/\//i.test(url)) advisories.add(new Models.Vulnerability.Advisory(url));
  }

  const affects = new Models.Vulnerability.AffectRepository();
  const affected = new Set<Models.Component>();
  const recommendations: string[] = [];
  for (const finding of group.findings) {
    const component = componentOf(finding);
    const name = displayName({ type: finding.packageType, namespace: component.group ?? null, name: finding.packageName });
    const advice = finding.fixedVersion
      ? `Upgrade ${name} ${finding.packageVersion} to ${finding.fixedVersion}`
      : `${name} ${finding.packageVersion}: no fixed version (${fixText(finding)})`;
    if (!recommendations.includes(advice)) recommendations.push(advice);
    if (affected.has(component)) continue;
    affected.add(component);
    const versions = new Models.Vulnerability.AffectedVersionRepository([
      new Models.Vulnerability.AffectedSingleVersion(finding.packageVersion, { status: Enums.Vulnerability.AffectStatus.Affected }),
    ]);
    if (finding.fixedVersion) {
      versions.add(
        new Models.Vulnerability.AffectedSingleVersion(finding.fixedVersion, { status: Enums.Vulnerability.AffectStatus.Unaffected }),
      );
    }
    affects.add(new Models.Vulnerability.Affect(component.bomRef, { versions }));
  }

  const entries: [string, string | null][] = [
    [`${P}:severity`, first.severity],
    [`${P}:severitySource`, first.severitySource],
  ];
  for (const source of new Set(group.findings.map((f) => f.source))) entries.push([`${P}:matchSource`, source]);
  const ignored = group.ignored;
  if (ignored) {
    entries.push(
      [`${P}:ignored`, 'true'],
      [`${P}:ignore:ruleId`, String(ignored.id)],
      [`${P}:ignore:scope`, ignored.scope],
      [`${P}:ignore:reason`, ignored.reason],
      [`${P}:ignore:expiresAt`, ignored.expiresAt],
    );
  }

  return new Models.Vulnerability.Vulnerability({
    bomRef: ignored ? `vuln:${group.vulnId}:ignored:${ignored.id}` : `vuln:${group.vulnId}`,
    id: group.vulnId,
    source: new Models.Vulnerability.Source({ name: first.source }),
    references,
    ratings,
    description: first.title ?? undefined,
    recommendation: recommendations.join('; '),
    advisories,
    published: parseDate(first.published),
    affects,
    analysis: ignored ? ignoredAnalysis(ignored) : undefined,
    properties: props(entries),
  });
}

/**
 * An ignored finding stays in the BOM, marked through `analysis` (the VEX part of CycloneDX).
 *
 * Vigil's ignore rule is a person's decision "this does not concern this image (or any image),
 * because <free-text reason>", optionally until a date. Of the CycloneDX impact-analysis states:
 * - `not_affected` ("the component or service is not affected by the vulnerability") is the
 *   decision an ignore records, and it is the state VEX consumers (Dependency-Track, Trivy
 *   --vex, Grype) treat as "suppress", which is what ignoring means in Vigil;
 * - `false_positive` would claim the match itself is wrong, which the rule does not say;
 * - `resolved` / `resolved_with_pedigree` would claim a fix was applied: it was not;
 * - `exploitable` / `in_triage` would say the opposite of ignoring (or that no decision was made).
 * The spec asks for a `justification` with `not_affected`, but Vigil's reason is free text and
 * picking an enum value such as `code_not_reachable` would put words in the user's mouth, so
 * the justification is left out (it is optional in the schema) and the reason, scope, rule id
 * and expiry go to `analysis.detail` (and to vigil:ignore:* properties, machine-readable).
 */
function ignoredAnalysis(ignored: IgnoreRef): Models.Vulnerability.Analysis {
  const scope = ignored.scope === 'all-images' ? 'all images' : 'this image';
  const expiry = ignored.expiresAt ? `, until ${ignored.expiresAt}` : '';
  return new Models.Vulnerability.Analysis({
    state: Enums.Vulnerability.AnalysisState.NotAffected,
    detail: `Ignored in Vigil for ${scope} (rule ${ignored.id}${expiry}): ${ignored.reason}`,
  });
}
