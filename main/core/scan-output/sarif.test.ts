import { describe, expect, it } from 'vitest';
import { buildSarif, renderSarif, SARIF_SCHEMA_URI } from './sarif';
import { alpineAppReport, plainAlpineReport } from './scan-report.testkit';
import { errorsOf, sarifSchemaValidator } from './schemas.testkit';

interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; logicalLocations: { name: string; fullyQualifiedName: string; kind: string }[] }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; status: string; justification: string; properties: Record<string, unknown> }[];
  properties: Record<string, unknown>;
}
interface Rule {
  id: string;
  name: string;
  shortDescription: { text: string };
  helpUri?: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: string };
  properties: { 'security-severity'?: string; tags: string[] };
}
interface Log {
  $schema: string;
  version: string;
  runs: { tool: { driver: { name: string; version: string; rules: Rule[] } }; results: Result[]; properties: Record<string, unknown> }[];
}

describe('SARIF 2.1.0', () => {
  const report = alpineAppReport();
  const log = JSON.parse(renderSarif(report)) as Log;
  const run = log.runs[0];
  const rules = run?.tool.driver.rules ?? [];
  const results = run?.results ?? [];

  it('is valid against the SARIF 2.1.0 JSON schema (no errors)', () => {
    expect(errorsOf(sarifSchemaValidator(), log)).toEqual([]);
    expect(errorsOf(sarifSchemaValidator(), JSON.parse(renderSarif(plainAlpineReport())))).toEqual([]);
    expect(errorsOf(sarifSchemaValidator(), buildSarif(report, { informationUri: 'https://vigil.example.com/' }))).toEqual([]);
  });

  it('the schema check is real: a broken log fails', () => {
    const broken = JSON.parse(JSON.stringify(log)) as Log & { runs: { results: { level: string }[] }[] };
    (broken.runs[0]?.results[0] as { level: string }).level = 'fatal';
    expect(errorsOf(sarifSchemaValidator(), broken).length).toBeGreaterThan(0);
  });

  it('names the tool and one run', () => {
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run?.tool.driver).toMatchObject({ name: 'Vigil', version: '0.1.0' });
    expect(run?.properties).toMatchObject({ imageName: report.image.name, os: 'alpine 3.10.4', packages: 24 });
  });

  it('has one rule per vulnerability id, with description, help, severity score and tags', () => {
    const ids = [...new Set(report.vulnerabilities.map((f) => f.vulnId))];
    expect(rules.map((r) => r.id).sort()).toEqual(ids.sort());
    const openssl = rules.find((r) => r.id === 'CVE-2020-1967');
    expect(openssl).toMatchObject({
      name: 'Cve20201967',
      shortDescription: { text: 'CVE-2020-1967: Segmentation fault in SSL_check_chain' },
      helpUri: 'https://nvd.nist.gov/vuln/detail/CVE-2020-1967',
      defaultConfiguration: { level: 'error' },
    });
    // v3 score wins over the v2 5.0
    expect(openssl?.properties['security-severity']).toBe('7.5');
    expect(openssl?.properties.tags).toEqual(['security', 'vulnerability', 'high', 'apk']);
    expect(openssl?.help.markdown).toContain('| HIGH | libcrypto1.1 | 1.1.1d-r2 | 1.1.1g-r0 | lib/apk/db/installed |');
    expect(rules.find((r) => r.id === 'GHSA-p6mc-m468-83gw')?.helpUri).toBe('https://github.com/advisories/GHSA-p6mc-m468-83gw');
    expect(rules.find((r) => r.id === 'PYSEC-2020-176')?.properties['security-severity']).toBe('9.8');
    // no CVSS and unknown severity: no score to give
    const go = rules.find((r) => r.id === 'GO-2020-0001');
    expect(go?.properties['security-severity']).toBeUndefined();
    expect(go?.defaultConfiguration.level).toBe('note');
  });

  it('has one result per finding, pointing at its rule', () => {
    expect(results).toHaveLength(report.vulnerabilities.length);
    for (const f of report.vulnerabilities) {
      const purl = report.packages.find((p) => p.name === f.packageName && p.version === f.packageVersion)?.purl;
      const r = results.find((x) => x.ruleId === f.vulnId && x.properties.purl === purl);
      expect(r, `${f.vulnId} ${f.packageName}`).toBeDefined();
      expect(rules[r?.ruleIndex ?? -1]?.id).toBe(f.vulnId);
      expect(r?.properties).toMatchObject({ installedVersion: f.packageVersion, fixedVersion: f.fixedVersion, layerIndex: f.layerIndex, layerDiffId: f.layerDiffId });
    }
    const prints = results.map((r) => r.partialFingerprints['vigil/finding/v1']);
    expect(new Set(prints).size).toBe(results.length);
  });

  it('maps severity to level', () => {
    const level = (id: string) => results.find((r) => r.ruleId === id)?.level;
    expect(level('CVE-2021-36159')).toBe('error'); // critical
    expect(level('CVE-2021-30139')).toBe('error'); // high
    expect(level('CVE-2020-28928')).toBe('warning'); // medium
    expect(level('GO-2020-0001')).toBe('note'); // unknown
  });

  it('says package, installed and fixed version in the message, or that there is no fix', () => {
    const lodash = results.find((r) => r.properties.packageName === 'lodash');
    expect(lodash?.message.text).toContain('lodash 4.17.15 is affected by GHSA-p6mc-m468-83gw (high)');
    expect(lodash?.message.text).toContain('Installed version: 4.17.15. Fixed version: 4.17.19.');
    const lodashSet = results.find((r) => r.properties.packageName === 'lodash.set');
    expect(lodashSet?.message.text).toContain('No fixed version (not fixed).');
    expect(results.find((r) => r.properties.packageName === 'github.com/gin-gonic/gin')?.message.text).toContain('github.com/gin-gonic/gin v1.5.0');
  });

  it('locates a result at the declaring file in the image, and names the image', () => {
    const musl = results.find((r) => r.ruleId === 'CVE-2020-28928');
    expect(musl?.locations[0]?.physicalLocation).toEqual({ artifactLocation: { uri: 'lib/apk/db/installed' }, region: { startLine: 1 } });
    expect(musl?.locations[0]?.logicalLocations).toEqual([
      { name: report.image.name, fullyQualifiedName: `${report.image.name}@${report.image.repoDigests[0]?.split('@')[1]}`, kind: 'resource' },
    ]);
    const yaml = results.find((r) => r.ruleId === 'PYSEC-2020-176');
    expect(yaml?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('opt/venv/lib/python3.8/site-packages/PyYAML-5.1.2.dist-info/METADATA');
  });

  it('encodes paths that are not URI-safe', () => {
    const base = alpineAppReport();
    const pkgs = base.packages.map((p) => (p.name === 'minimist' ? { ...p, path: 'srv/my app/node_modules/minimist/package.json' } : p));
    const findings = base.vulnerabilities.map((f) => (f.packageName === 'minimist' ? { ...f, packagePath: 'srv/my app/node_modules/minimist/package.json' } : f));
    const out = buildSarif(alpineAppReport({ packages: pkgs, vulnerabilities: findings })) as unknown as Log;
    expect(errorsOf(sarifSchemaValidator(), out)).toEqual([]);
    const r = out.runs[0]?.results.find((x) => x.ruleId === 'GHSA-vh95-rmgr-6w4m');
    expect(r?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('srv/my%20app/node_modules/minimist/package.json');
  });

  it('keeps ignored findings, with an external suppression and the reason', () => {
    const suppressed = results.filter((r) => r.suppressions);
    expect(suppressed.map((r) => r.properties.packageName).sort()).toEqual(['busybox', 'ssl_client']);
    expect(suppressed[0]?.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'busybox gunzip is not reachable in this image',
        properties: { ignoreRuleId: 7, scope: 'this-image', expiresAt: '2026-12-31T00:00:00Z' },
      },
    ]);
  });
});
