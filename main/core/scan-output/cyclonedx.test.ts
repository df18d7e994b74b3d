import { describe, expect, it } from 'vitest';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { renderCycloneDx, cycloneDxSpecVersions, type CycloneDxSpecVersion } from './cyclonedx';
import { alpineAppReport, APK_PACKAGES, MANIFEST_DIGEST, plainAlpineReport } from './scan-report.testkit';
import type { ImageFinding } from '../../../shared/model/scan-report';

interface Prop {
  name: string;
  value: string;
}
interface Component {
  type: string;
  name: string;
  group?: string;
  version?: string;
  'bom-ref'?: string;
  purl?: string;
  licenses?: ({ license: { id?: string; name?: string } } | { expression: string })[];
  hashes?: { alg: string; content: string }[];
  properties?: Prop[];
}
interface Vulnerability {
  'bom-ref': string;
  id: string;
  source?: { name?: string };
  references?: { id: string; source: { name?: string; url?: string } }[];
  ratings?: { score?: number; severity?: string; method?: string; vector?: string; source?: { name?: string } }[];
  description?: string;
  recommendation?: string;
  advisories?: { url: string }[];
  analysis?: { state?: string; justification?: string; detail?: string };
  affects: { ref: string; versions?: { version: string; status: string }[] }[];
  properties?: Prop[];
}
interface Bom {
  bomFormat: string;
  specVersion: string;
  serialNumber: string;
  metadata: { timestamp: string; tools: { components: Component[] }; component: Component; properties?: Prop[] };
  components: Component[];
  dependencies?: { ref: string; dependsOn?: string[] }[];
  vulnerabilities?: Vulnerability[];
}

const versions: Record<CycloneDxSpecVersion, Spec.Version> = { '1.5': Spec.Version.v1dot5, '1.6': Spec.Version.v1dot6, '1.7': Spec.Version.v1dot7 };

function bom(text: string): Bom {
  return JSON.parse(text) as Bom;
}

const prop = (c: { properties?: Prop[] }, name: string): string | undefined => c.properties?.find((p) => p.name === name)?.value;

describe('CycloneDX', () => {
  const report = alpineAppReport();
  const text = renderCycloneDx(report);
  const doc = bom(text);

  it.each(cycloneDxSpecVersions)('is valid CycloneDX %s (JsonStrictValidator: no errors)', async (specVersion) => {
    const out = renderCycloneDx(report, { specVersion });
    expect(bom(out).specVersion).toBe(specVersion);
    const errors = await new Validation.JsonStrictValidator(versions[specVersion]).validate(out);
    expect(errors).toBeNull();
  });

  it('is valid for a plain image with no findings and no registry digest', async () => {
    const plain = plainAlpineReport();
    const out = renderCycloneDx(plain);
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot5).validate(out)).toBeNull();
    const d = bom(out);
    expect(d.vulnerabilities).toBeUndefined();
    expect(d.metadata.component.purl).toBeUndefined();
    expect(d.metadata.component.version).toBe(plain.image.id);
    expect(d.components.filter((c) => c.type === 'library')).toHaveLength(14);
  });

  it('describes the image as a container with its digest, and Vigil as the tool', () => {
    const image = doc.metadata.component;
    expect(image.type).toBe('container');
    expect(image.name).toBe('registry.example.com/team/app:1.4.2');
    expect(image.version).toBe(MANIFEST_DIGEST);
    expect(image.purl).toBe(
      `pkg:oci/app@${MANIFEST_DIGEST}?arch=amd64&repository_url=registry.example.com%2Fteam%2Fapp&tag=1.4.2`,
    );
    expect(prop(image, 'vigil:image:id')).toBe(report.image.id);
    expect(prop(image, 'vigil:layer:0:diffId')).toBe(report.image.layers[0]?.diffId);
    expect(doc.metadata.tools.components).toEqual([{ type: 'application', name: 'Vigil', version: '0.1.0' }]);
    expect(doc.metadata.timestamp).toBe('2026-05-02T08:15:30.123Z');
    expect(prop(doc.metadata, 'vigil:vulndb:builtAt')).toBe('2026-05-01T03:00:00Z');
    expect(doc.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('lists every package with its purl, declaring path and layer', () => {
    const libraries = doc.components.filter((c) => c.type === 'library');
    expect(libraries).toHaveLength(report.packages.length);
    for (const pkg of report.packages) {
      const c = libraries.find((l) => l.purl === pkg.purl);
      expect(c, pkg.purl).toBeDefined();
      expect(c?.version).toBe(pkg.version);
      expect(prop(c ?? {}, 'vigil:package:path')).toBe(pkg.path);
      expect(prop(c ?? {}, 'vigil:layer:index')).toBe(String(pkg.layerIndex));
      expect(prop(c ?? {}, 'vigil:layer:diffId')).toBe(pkg.layerDiffId);
    }
    for (const [name, version, origin] of APK_PACKAGES) {
      const c = libraries.find((l) => l.name === name);
      expect(c?.purl).toBe(`pkg:apk/alpine/${name}@${version}?arch=x86_64&distro=3.10.4`);
      expect(c?.group).toBeUndefined();
      expect(prop(c ?? {}, 'vigil:package:sourceName')).toBe(origin);
    }
    const babel = libraries.find((l) => l.name === 'runtime');
    expect(babel?.group).toBe('@babel');
    expect(doc.components.find((c) => c.type === 'operating-system')).toMatchObject({ name: 'alpine', version: '3.10.4' });
  });

  it('writes SPDX ids as ids, expressions as one expression, and other names as names', () => {
    const licensesOf = (name: string) => doc.components.find((c) => c.name === name)?.licenses;
    expect(licensesOf('musl-utils')).toEqual([
      { license: { id: 'MIT' } },
      { license: { id: 'BSD-3-Clause' } },
      { license: { id: 'GPL-2.0-or-later' } },
    ]);
    expect(licensesOf('libssl1.1')).toEqual([{ license: { id: 'OpenSSL' } }]);
    expect(licensesOf('rc')).toEqual([{ expression: 'BSD-2-Clause OR MIT OR Apache-2.0' }]);
    expect(licensesOf('requests')).toEqual([{ license: { id: 'Apache-2.0' } }]);
    expect(licensesOf('typing-extensions')).toEqual([{ license: { name: 'Python Software Foundation License' } }]);
    expect(licensesOf('gin')).toBeUndefined();
  });

  it('has unique bom-refs, and every affects and dependsOn ref resolves', () => {
    const refs = [doc.metadata.component, ...doc.components].map((c) => c['bom-ref']);
    const vulnRefs = (doc.vulnerabilities ?? []).map((v) => v['bom-ref']);
    const all = [...refs, ...vulnRefs];
    expect(new Set(all).size).toBe(all.length);
    const known = new Set(refs);
    for (const v of doc.vulnerabilities ?? []) for (const a of v.affects) expect(known.has(a.ref), a.ref).toBe(true);
    for (const d of doc.dependencies ?? []) {
      expect(known.has(d.ref)).toBe(true);
      for (const r of d.dependsOn ?? []) expect(known.has(r), r).toBe(true);
    }
  });

  it('lists every finding: its id affects the component of its package', () => {
    const vulns = doc.vulnerabilities ?? [];
    for (const f of report.vulnerabilities) {
      const component = doc.components.find((c) => c.purl === report.packages.find((p) => p.name === f.packageName)?.purl);
      const v = vulns.find((x) => x.id === f.vulnId && x.affects.some((a) => a.ref === component?.['bom-ref']));
      expect(v, `${f.vulnId} ${f.packageName}`).toBeDefined();
      const affect = v?.affects.find((a) => a.ref === component?.['bom-ref']);
      expect(affect?.versions).toContainEqual({ version: f.packageVersion, status: 'affected' });
    }
    // one entry per id (no id is both ignored and not ignored here)
    expect(vulns).toHaveLength(new Set(report.vulnerabilities.map((f) => f.vulnId)).size);
  });

  it('marks the ignored finding with analysis not_affected and the reason, and nothing else', () => {
    const vulns = doc.vulnerabilities ?? [];
    const ignored = vulns.find((v) => v.id === 'CVE-2021-28831');
    expect(ignored?.analysis?.state).toBe('not_affected');
    expect(ignored?.analysis?.justification).toBeUndefined();
    expect(ignored?.analysis?.detail).toContain('busybox gunzip is not reachable in this image');
    expect(ignored?.analysis?.detail).toContain('this image');
    expect(ignored?.analysis?.detail).toContain('2026-12-31');
    expect(prop(ignored ?? {}, 'vigil:ignored')).toBe('true');
    expect(prop(ignored ?? {}, 'vigil:ignore:ruleId')).toBe('7');
    expect(ignored?.affects).toHaveLength(2);
    for (const v of vulns.filter((x) => x.id !== 'CVE-2021-28831')) {
      expect(v.analysis, v.id).toBeUndefined();
      expect(prop(v, 'vigil:ignored')).toBeUndefined();
    }
  });

  it('gives fixed versions as unaffected, and says when there is none', () => {
    const v = doc.vulnerabilities?.find((x) => x.id === 'GHSA-p6mc-m468-83gw');
    const lodash = v?.affects.find((a) => a.ref === 'pkg:npm/lodash@4.17.15');
    const lodashSet = v?.affects.find((a) => a.ref === 'pkg:npm/lodash.set@4.3.2');
    expect(lodash?.versions).toEqual([
      { version: '4.17.15', status: 'affected' },
      { version: '4.17.19', status: 'unaffected' },
    ]);
    expect(lodashSet?.versions).toEqual([{ version: '4.3.2', status: 'affected' }]);
    expect(v?.recommendation).toContain('Upgrade lodash 4.17.15 to 4.17.19');
    expect(v?.recommendation).toContain('lodash.set 4.3.2: no fixed version (not fixed)');
    expect(v?.references).toEqual([{ id: 'CVE-2020-8203', source: { name: 'NVD', url: 'https://nvd.nist.gov/vuln/detail/CVE-2020-8203' } }]);
    expect(v?.advisories).toEqual([{ url: 'https://github.com/advisories/GHSA-p6mc-m468-83gw' }]);
  });

  it('rates with CVSS method, vector and score, and keeps a severity when there is no score', () => {
    const openssl = doc.vulnerabilities?.find((x) => x.id === 'CVE-2020-1967');
    expect(openssl?.ratings).toContainEqual({
      source: { name: 'nvd' },
      score: 7.5,
      severity: 'high',
      method: 'CVSSv31',
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H',
    });
    expect(openssl?.ratings).toContainEqual({ source: { name: 'nvd' }, score: 5, severity: 'medium', method: 'CVSSv2', vector: 'AV:N/AC:L/Au:N/C:N/I:N/A:P' });
    // libcrypto1.1 and libssl1.1 carry the same ratings: listed once
    expect(openssl?.ratings).toHaveLength(2);
    const go = doc.vulnerabilities?.find((x) => x.id === 'GO-2020-0001');
    expect(go?.ratings).toEqual([{ severity: 'unknown' }]);
    expect(go?.source).toEqual({ name: 'osv:Go' });
  });

  it('writes the known dependency edges only: image to OS and language packages, OS to its packages', () => {
    const deps = doc.dependencies ?? [];
    const image = deps.find((d) => d.ref === doc.metadata.component['bom-ref']);
    const os = deps.find((d) => d.ref === 'os:alpine@3.10.4');
    expect(os?.dependsOn).toHaveLength(14);
    expect(image?.dependsOn).toContain('os:alpine@3.10.4');
    expect(image?.dependsOn).toContain('pkg:pypi/pyyaml@5.1.2');
    expect(image?.dependsOn).toHaveLength(1 + report.packages.length - 14);
    expect(deps.every((d) => (d.dependsOn?.length ?? 0) > 0)).toBe(true);
  });

  it('lists unowned files as file components with SHA-256 and mode', () => {
    const files = doc.components.filter((c) => c.type === 'file');
    expect(files.map((f) => f.name).sort()).toEqual(report.unownedFiles.map((f) => f.path).sort());
    const suid = files.find((f) => f.name === 'opt/tools/suid helper');
    expect(suid?.hashes).toEqual([{ alg: 'SHA-256', content: report.unownedFiles.find((f) => f.path === 'opt/tools/suid helper')?.sha256 }]);
    expect(prop(suid ?? {}, 'vigil:file:mode')).toBe('0104755');
    expect(prop(suid ?? {}, 'vigil:layer:index')).toBe('1');
    expect(renderCycloneDx(report, { includeFiles: false })).not.toContain('"type": "file"');
  });

  it('is deterministic, and the serial number follows the scan', () => {
    expect(renderCycloneDx(alpineAppReport())).toBe(text);
    const later = bom(renderCycloneDx(alpineAppReport({ scannedAt: '2026-05-03T08:15:30.123Z' })));
    expect(later.serialNumber).not.toBe(doc.serialNumber);
  });

  it('adds a component for a finding whose package the inventory lacks, so its ref resolves', async () => {
    const orphan: ImageFinding = {
      ...(report.vulnerabilities.find((f) => f.vulnId === 'GHSA-vh95-rmgr-6w4m') as ImageFinding),
      packageName: 'minimist',
      packageVersion: '0.0.8',
      packagePath: 'app/node_modules/mkdirp/node_modules/minimist/package.json',
      fixedVersion: '0.2.1',
    };
    const r = alpineAppReport({ vulnerabilities: [...report.vulnerabilities, orphan] });
    const out = renderCycloneDx(r);
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot5).validate(out)).toBeNull();
    const d = bom(out);
    const made = d.components.find((c) => c.purl === 'pkg:npm/minimist@0.0.8');
    expect(prop(made ?? {}, 'vigil:package:notInInventory')).toBe('true');
    const v = d.vulnerabilities?.find((x) => x.id === 'GHSA-vh95-rmgr-6w4m');
    expect(v?.affects.map((a) => a.ref).sort()).toEqual([made?.['bom-ref'], 'pkg:npm/minimist@1.2.0'].sort());
  });

  it('splits an id that is ignored for one package only, since analysis belongs to the vulnerability', () => {
    const findings = report.vulnerabilities.map((f) =>
      f.vulnId === 'CVE-2020-1967' && f.packageName === 'libssl1.1'
        ? { ...f, ignored: { id: 9, scope: 'all-images' as const, reason: 'TLS not used', expiresAt: null } }
        : f,
    );
    const d = bom(renderCycloneDx(alpineAppReport({ vulnerabilities: findings })));
    const entries = d.vulnerabilities?.filter((v) => v.id === 'CVE-2020-1967') ?? [];
    expect(entries).toHaveLength(2);
    const ignored = entries.find((v) => v.analysis);
    expect(ignored?.analysis).toEqual({ state: 'not_affected', detail: 'Ignored in Vigil for all images (rule 9): TLS not used' });
    expect(ignored?.affects.map((a) => a.ref)).toEqual(['pkg:apk/alpine/libssl1.1@1.1.1d-r2?arch=x86_64&distro=3.10.4']);
    expect(entries.find((v) => !v.analysis)?.affects.map((a) => a.ref)).toEqual(['pkg:apk/alpine/libcrypto1.1@1.1.1d-r2?arch=x86_64&distro=3.10.4']);
  });

  it.each(cycloneDxSpecVersions)('stays valid (%s) with CVSS v4, v3.0, scoreless vectors and negligible severity', async (specVersion) => {
    const findings = report.vulnerabilities.map((f) =>
      f.vulnId === 'GHSA-vh95-rmgr-6w4m'
        ? {
            ...f,
            severity: 'negligible' as const,
            severitySource: 'vendor' as const,
            cvss: [
              { type: 'CVSS_V4', vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N', score: 6.9, source: 'ghsa' },
              { type: 'CVSS_V3', vector: 'CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L', score: null, source: null },
            ],
          }
        : f,
    );
    const out = renderCycloneDx(alpineAppReport({ vulnerabilities: findings }), { specVersion });
    expect(await new Validation.JsonStrictValidator(versions[specVersion]).validate(out)).toBeNull();
    const v = bom(out).vulnerabilities?.find((x) => x.id === 'GHSA-vh95-rmgr-6w4m');
    expect(v?.ratings).toContainEqual({ source: { name: 'osv:npm' }, severity: 'info' });
    expect(v?.ratings).toContainEqual(expect.objectContaining({ method: 'CVSSv4', score: 6.9, severity: 'medium' }));
    expect(v?.ratings).toContainEqual({ source: { name: 'osv:npm' }, method: 'CVSSv3', vector: 'CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L' });
  });

  it('leaves vulnerabilities out on request (plain SBOM)', () => {
    expect(bom(renderCycloneDx(report, { includeVulnerabilities: false })).vulnerabilities).toBeUndefined();
  });
});
