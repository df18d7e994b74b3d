// SARIF 2.1.0 for code-scanning UIs (GitHub code scanning, Azure DevOps, IDE viewers): one run,
// one rule per vulnerability id, one result per finding. The location of a result is the file in
// the image that declared the package (lib/apk/db/installed, app/node_modules/x/package.json …),
// plus a logical location naming the image. Ignored findings are kept with an external
// suppression (what GitHub shows as "dismissed"), never dropped.
import type { ImageFinding, ScanReport } from '../../../shared/model/scan-report';
import type { Severity } from '../../../shared/model/severity';
import { securitySarif } from './sarif-security';
import { displayName, fixText, helpUrl, imageDigest, indexReport, osLabel, primaryCvss, shortHash, sortedFindings } from './common';

export interface SarifOptions {
  /** tool.driver.informationUri (an absolute URI), when there is a page to point to. */
  informationUri?: string;
  /** JSON indentation. Default 2. */
  indent?: number;
}

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

type Level = 'error' | 'warning' | 'note' | 'none';

const levels: Record<Severity, Level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  negligible: 'note',
  unknown: 'note',
};

/**
 * GitHub reads properties["security-severity"] (a CVSS-like score as a string) to rank alerts.
 * When no CVSS score is known, a score from the middle of the severity's band stands in, so the
 * alert still lands in the right band; unknown severity gets none.
 */
const bandScores: Partial<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0', negligible: '0.0' };

function securitySeverity(finding: ImageFinding): string | undefined {
  const cvss = primaryCvss(finding.cvss);
  if (cvss?.score !== undefined && cvss.score !== null) return cvss.score.toFixed(1);
  return bandScores[finding.severity];
}

/** A file path in the image as a relative URI reference: each segment percent-encoded. */
function pathUri(path: string): string {
  return path
    .replace(/^\/+/, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri?: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: Level };
  properties: { 'security-severity'?: string; tags: string[]; precision: 'very-high' };
}

export function renderSarif(report: ScanReport, options: SarifOptions = {}): string {
  return `${JSON.stringify(buildSarif(report, options), null, options.indent ?? 2)}\n`;
}

export function buildSarif(report: ScanReport, options: SarifOptions = {}): Record<string, unknown> {
  const index = indexReport(report);
  const findings = sortedFindings(report);
  const img = report.image;
  const digest = imageDigest(report);

  // Rules: one per vulnerability id, described by its most severe finding.
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const findingsByRule = new Map<string, ImageFinding[]>();
  for (const finding of findings) {
    const list = findingsByRule.get(finding.vulnId) ?? [];
    list.push(finding);
    findingsByRule.set(finding.vulnId, list);
  }
  for (const [vulnId, list] of findingsByRule) {
    const worst = list[0] as ImageFinding; // findings are sorted most severe first
    const title = list.find((f) => f.title)?.title ?? null;
    const url = helpUrl(worst);
    const aliases = [...new Set(list.flatMap((f) => f.aliases))].filter((a) => a !== vulnId);
    const rows = list.map((f) => {
      const pkg = index.packageOf(f).pkg;
      return { name: displayName(pkg), installed: f.packageVersion, fixed: fixText(f), path: f.packagePath };
    });
    const severityText = worst.severity.toUpperCase();
    const score = securitySeverity(worst);
    const tags = ['security', 'vulnerability', worst.severity, ...new Set(list.map((f) => f.packageType))];
    ruleIndex.set(vulnId, rules.length);
    rules.push({
      id: vulnId,
      name: ruleName(vulnId),
      shortDescription: { text: title ? `${vulnId}: ${title}` : vulnId },
      fullDescription: { text: title ?? `${vulnId} (${worst.severity})` },
      ...(url ? { helpUri: url } : {}),
      help: {
        text: [
          `Vulnerability ${vulnId}${title ? `: ${title}` : ''}`,
          `Severity: ${severityText}${score ? ` (${score})` : ''}`,
          aliases.length ? `Aliases: ${aliases.join(', ')}` : null,
          ...rows.map((r) => `Package ${r.name} ${r.installed}, fixed: ${r.fixed} (${r.path})`),
          url ? `More: ${url}` : null,
        ]
          .filter(Boolean)
          .join('\n'),
        markdown: [
          `**Vulnerability ${vulnId}**${title ? `: ${escapeMarkdown(title)}` : ''}`,
          '',
          '| Severity | Package | Installed | Fixed | Declared in |',
          '| --- | --- | --- | --- | --- |',
          ...rows.map((r) => `| ${severityText} | ${escapeMarkdown(r.name)} | ${escapeMarkdown(r.installed)} | ${escapeMarkdown(r.fixed)} | ${escapeMarkdown(r.path)} |`),
          ...(aliases.length ? ['', `Aliases: ${aliases.join(', ')}`] : []),
          ...(url ? ['', `[${vulnId}](${url})`] : []),
        ].join('\n'),
      },
      defaultConfiguration: { level: levels[worst.severity] },
      properties: { ...(score ? { 'security-severity': score } : {}), tags, precision: 'very-high' },
    });
  }

  const imageLocation = { name: img.name, fullyQualifiedName: `${img.name}@${digest}`, kind: 'resource' };
  const results = findings.map((finding) => {
    const entry = index.packageOf(finding);
    const name = displayName(entry.pkg);
    const fix = finding.fixedVersion ? `Fixed version: ${finding.fixedVersion}.` : `No fixed version (${fixText(finding)}).`;
    const result: Record<string, unknown> = {
      ruleId: finding.vulnId,
      ruleIndex: ruleIndex.get(finding.vulnId),
      level: levels[finding.severity],
      message: {
        text:
          `${name} ${finding.packageVersion} is affected by ${finding.vulnId} (${finding.severity})` +
          `${finding.title ? `: ${finding.title}` : ''}. Installed version: ${finding.packageVersion}. ${fix}` +
          ` Image ${img.name}, layer ${finding.layerIndex}.`,
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: pathUri(finding.packagePath) },
            // Package databases have no line for one package; code-scanning UIs want a region.
            region: { startLine: 1 },
          },
          logicalLocations: [imageLocation],
        },
      ],
      partialFingerprints: {
        'vigil/finding/v1': shortHash([img.name, finding.vulnId, finding.packageType, finding.packageName, finding.packageVersion, finding.packagePath].join('|'), 32),
      },
      properties: {
        severity: finding.severity,
        packageType: finding.packageType,
        packageName: name,
        purl: entry.pkg.purl,
        installedVersion: finding.packageVersion,
        fixedVersion: finding.fixedVersion,
        fixState: finding.fixState,
        layerIndex: finding.layerIndex,
        layerDiffId: finding.layerDiffId,
        source: finding.source,
        ...(securitySeverity(finding) ? { 'security-severity': securitySeverity(finding) } : {}),
      },
    };
    if (finding.ignored) {
      const { ignored } = finding;
      result.suppressions = [
        {
          kind: 'external',
          status: 'accepted',
          justification: ignored.reason,
          properties: {
            ignoreRuleId: ignored.id,
            scope: ignored.scope,
            expiresAt: ignored.expiresAt,
          },
        },
      ];
    }
    return result;
  });

  const security = securitySarif(report, rules.length, levels, bandScores, pathUri, imageLocation);
  const driver: Record<string, unknown> = {
    name: report.tool.name,
    version: report.tool.version,
    ...(/^\d+\.\d+\.\d+/.test(report.tool.version) ? { semanticVersion: report.tool.version } : {}),
    ...(options.informationUri ? { informationUri: options.informationUri } : {}),
    rules: [...rules, ...security.rules],
  };
  const os = osLabel(report);
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        automationDetails: { id: `vigil/image/${img.name}/${report.scannedAt}` },
        results: [...results, ...security.results],
        columnKind: 'unicodeCodePoints',
        properties: {
          imageName: img.name,
          imageId: img.id,
          imageDigest: digest,
          repoTags: img.repoTags,
          os,
          scannedAt: report.scannedAt,
          packages: report.packages.length,
          vulnDbBuiltAt: report.vulnDb?.builtAt ?? null,
          scanners: report.scanners,
          malwareEngines: report.malware?.engines ?? null,
          filesNotScanned: report.malware?.notScanned.length ?? null,
        },
      },
    ],
  };
}

/** A rule name in the PascalCase form SARIF suggests: CVE-2020-1967 → Cve20201967. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join('');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]|<>]/g, (c) => `\\${c}`);
}
