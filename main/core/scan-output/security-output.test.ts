// The malware, baseline and secrets sections in the outputs: SARIF stays valid against its schema
// with them, the table lists them, and --fail-on counts them with the vulnerabilities.
import { describe, expect, it } from 'vitest';
import type { BaselineResult } from '../../../shared/model/baseline';
import type { MalwareReport } from '../../../shared/model/malware';
import { parseScanners } from '../../../shared/model/scanner';
import { buildSarif } from './sarif';
import { alpineAppReport } from './scan-report.testkit';
import { errorsOf, sarifSchemaValidator } from './schemas.testkit';
import { countAtOrAbove, securityIssues } from './security-issues';
import { renderTable } from './table';

const LAYER = 'sha256:' + 'a'.repeat(64);

const malware: MalwareReport = {
  engines: [
    { engine: 'clamav', available: false, version: null, signatures: 0, signatureDate: null, message: 'clamd is not installed' },
    { engine: 'yara', available: true, version: 'YARA-X 0.3.0', signatures: 24, signatureDate: null, message: null },
  ],
  findings: [
    { engine: 'yara', signature: 'vigil:Php_Webshell_Eval_Input', category: 'webshell', severity: 'critical', path: 'var/www/html/upload.php', sha256: 'b'.repeat(64), size: 80, ruleSet: 'default rule pack', layerIndex: 0, layerDiffId: LAYER, presentInFinalImage: false },
  ],
  notScanned: [{ path: 'opt/big.iso', size: 9e8, reason: 'malware: larger than the limit', layerIndex: 0, layerDiffId: LAYER }],
  filesScanned: 120,
  bytesScanned: 4096,
};

const item = (id: string, scanner: 'baseline' | 'secrets', status: BaselineResult['status'], severity: BaselineResult['severity'], evidence: BaselineResult['evidence'] = []): BaselineResult => ({
  id,
  title: `${id} title`,
  why: 'why it matters',
  fix: 'how to fix it',
  benchmark: scanner === 'secrets' ? 'CIS Docker Benchmark v1.6 4.10' : null,
  severity,
  scanner,
  status,
  reason: null,
  evidence,
});

const baseline: BaselineResult[] = [
  item('IMG-USER-ROOT', 'baseline', 'failed', 'high'),
  item('IMG-SHADOW-WEAK', 'baseline', 'failed', 'high', [{ detail: 'root: common password #2 of 1000', path: 'etc/shadow', layerIndex: 0, layerDiffId: LAYER }]),
  item('IMG-HEALTHCHECK', 'baseline', 'passed', 'low'),
  item('IMG-SECRET-PRIVATE-KEY', 'secrets', 'failed', 'critical', [{ detail: 'OpenSSH private key', path: 'root/.ssh/id_rsa', layerIndex: 0, layerDiffId: LAYER }]),
];

const report = () => alpineAppReport({ scanners: ['vuln', 'malware', 'baseline', 'secrets'], malware, baseline });

describe('security sections in the outputs', () => {
  it('SARIF with malware, baseline and secrets results is valid against the SARIF 2.1.0 schema', () => {
    const log = buildSarif(report());
    expect(errorsOf(sarifSchemaValidator(), log)).toEqual([]);
    const results = (log.runs as { results: { ruleId: string; locations: { physicalLocation?: { artifactLocation: { uri: string } } }[] }[] }[])[0]!.results;
    const byRule = new Map(results.map((r) => [r.ruleId, r]));
    expect(byRule.get('malware/yara/vigil:Php_Webshell_Eval_Input')?.locations[0]?.physicalLocation?.artifactLocation.uri).toBe('var/www/html/upload.php');
    expect(byRule.has('baseline/IMG-USER-ROOT')).toBe(true);
    expect(byRule.has('secrets/IMG-SECRET-PRIVATE-KEY')).toBe(true);
    expect(byRule.has('baseline/IMG-HEALTHCHECK')).toBe(false);
  });

  it('the table has a section per scanner that ran, says which engine did not run and what was not scanned', () => {
    const text = renderTable(report());
    expect(text).toMatch(/\nMalware\n {2}CRITICAL {2}.*yara found vigil:Php_Webshell_Eval_Input \(webshell\) in var\/www\/html\/upload\.php/);
    expect(text).toContain('deleted by a later layer but still shipped');
    expect(text).toContain('(clamav did not run: clamd is not installed)');
    expect(text).toContain('1 file(s) not scanned: opt/big.iso');
    expect(text).toMatch(/\nSecrets\n {2}CRITICAL/);
    const vulnOnly = renderTable(alpineAppReport());
    expect(vulnOnly).not.toMatch(/\nMalware\n|\nBaseline\n/);
  });

  it('--fail-on counts malware and failed baseline items beside the vulnerabilities, by severity', () => {
    expect(countAtOrAbove(report(), 'critical')).toMatchObject({ malware: 1, baseline: 1 });
    expect(countAtOrAbove(report(), 'high')).toMatchObject({ malware: 1, baseline: 3 });
    expect(securityIssues(report()).map((i) => i.ruleId)[0]).toBe('malware/yara/vigil:Php_Webshell_Eval_Input');
  });

  it('parses --scanners, naming what is unknown', () => {
    expect(parseScanners('secrets, vuln')).toEqual(['vuln', 'secrets']);
    expect(() => parseScanners('vuln,virus')).toThrow(/unknown scanner "virus"/);
    expect(() => parseScanners(' , ')).toThrow(/no scanner named/);
  });
});
