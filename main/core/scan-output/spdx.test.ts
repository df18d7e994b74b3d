import { describe, expect, it } from 'vitest';
import { renderSpdx, type SpdxDocument } from './spdx';
import { alpineAppReport, plainAlpineReport } from './scan-report.testkit';
import { errorsOf, spdxSchemaValidator } from './schemas.testkit';

const doc = (text: string): SpdxDocument => JSON.parse(text) as SpdxDocument;

describe('SPDX 2.3', () => {
  const report = alpineAppReport();
  const text = renderSpdx(report);
  const d = doc(text);
  const byName = (name: string) => d.packages.find((p) => p.name === name);

  it('is valid against the SPDX 2.3 JSON schema (no errors)', () => {
    expect(errorsOf(spdxSchemaValidator(), d)).toEqual([]);
    expect(errorsOf(spdxSchemaValidator(), doc(renderSpdx(plainAlpineReport())))).toEqual([]);
  });

  it('the schema check is real: a broken document fails', () => {
    const broken = { ...d, packages: [{ ...d.packages[0], downloadLocation: undefined }], relationships: [{ spdxElementId: 'x' }] };
    expect(errorsOf(spdxSchemaValidator(), JSON.parse(JSON.stringify(broken))).length).toBeGreaterThan(0);
  });

  it('also meets the stricter 2.3.1 checks: ids, dates, checksums, namespace', () => {
    const ids = [d.SPDXID, ...d.packages.map((p) => p.SPDXID), ...(d.files ?? []).map((f) => f.SPDXID)];
    for (const id of ids) expect(id).toMatch(/^SPDXRef-[\da-zA-Z.-]+$/);
    expect(d.creationInfo.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(d.creationInfo.created).toBe('2026-05-02T08:15:30Z');
    for (const p of d.packages) for (const a of p.annotations ?? []) expect(a.annotationDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    for (const f of d.files ?? []) for (const c of f.checksums) expect(c.checksumValue).toMatch(/^[0-9a-f]{64}$/);
    expect(d.documentNamespace).toMatch(/^https:\/\/vigil\.invalid\/spdx\/registry\.example\.com-team-app-1\.4\.2-[0-9a-f-]{36}$/);
    expect(() => new URL(d.documentNamespace)).not.toThrow();
    expect(d.creationInfo.creators).toEqual(['Tool: Vigil-0.1.0']);
    expect(d).toMatchObject({ spdxVersion: 'SPDX-2.3', dataLicense: 'CC0-1.0', SPDXID: 'SPDXRef-DOCUMENT' });
  });

  it('describes the image, which contains the OS (which contains the OS packages) and the other packages', () => {
    const ids = new Set([d.SPDXID, ...d.packages.map((p) => p.SPDXID), ...(d.files ?? []).map((f) => f.SPDXID)]);
    expect(ids.size).toBe(1 + d.packages.length + (d.files?.length ?? 0));
    for (const r of d.relationships) {
      expect(ids.has(r.spdxElementId)).toBe(true);
      expect(ids.has(r.relatedSpdxElement)).toBe(true);
    }
    const image = d.packages[0];
    expect(image).toMatchObject({ name: 'registry.example.com/team/app:1.4.2', primaryPackagePurpose: 'CONTAINER' });
    expect(d.relationships.filter((r) => r.relationshipType === 'DESCRIBES')).toEqual([
      { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: image?.SPDXID },
    ]);
    const os = byName('alpine');
    const contains = (parent?: string) => d.relationships.filter((r) => r.relationshipType === 'CONTAINS' && r.spdxElementId === parent).map((r) => r.relatedSpdxElement);
    expect(contains(image?.SPDXID)).toContain(os?.SPDXID);
    const osChildren = contains(os?.SPDXID);
    expect(osChildren).toHaveLength(14);
    for (const pkg of report.packages) {
      const p = d.packages.find((x) => x.externalRefs?.some((e) => e.referenceLocator === pkg.purl));
      expect(p, pkg.purl).toBeDefined();
      expect(pkg.type === 'apk' ? osChildren : contains(image?.SPDXID)).toContain(p?.SPDXID);
    }
  });

  it('gives every package its purl, version, NOASSERTION download location and concluded licence', () => {
    expect(d.packages).toHaveLength(2 + report.packages.length);
    for (const pkg of report.packages) {
      const p = d.packages.find((x) => x.externalRefs?.some((e) => e.referenceLocator === pkg.purl));
      expect(p?.externalRefs).toEqual([{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: pkg.purl }]);
      expect(p?.versionInfo).toBe(pkg.version);
      expect(p?.downloadLocation).toBe('NOASSERTION');
      expect(p?.licenseConcluded).toBe('NOASSERTION');
      expect(p?.filesAnalyzed).toBe(false);
      expect(p?.annotations?.map((a) => a.comment)).toEqual(
        expect.arrayContaining([`PkgPath: ${pkg.path}`, `LayerIndex: ${pkg.layerIndex}`, `LayerDiffID: ${pkg.layerDiffId}`]),
      );
    }
    expect(byName('@babel/runtime')?.versionInfo).toBe('7.8.4');
    expect(byName('github.com/gin-gonic/gin')?.versionInfo).toBe('v1.5.0');
    expect(byName('libssl1.1')?.sourceInfo).toBe('built package from: openssl 1.1.1d-r2');
    expect(byName('musl')?.sourceInfo).toBeUndefined();
  });

  it('declares licences as SPDX expressions, with LicenseRef-… for names not on the list', () => {
    expect(byName('musl')?.licenseDeclared).toBe('MIT');
    expect(byName('musl-utils')?.licenseDeclared).toBe('MIT AND BSD-3-Clause AND GPL-2.0-or-later');
    expect(byName('ca-certificates-cacert')?.licenseDeclared).toBe('MPL-2.0 AND GPL-2.0-or-later');
    expect(byName('rc')?.licenseDeclared).toBe('BSD-2-Clause OR MIT OR Apache-2.0');
    expect(byName('requests')?.licenseDeclared).toBe('Apache-2.0');
    expect(byName('github.com/gin-gonic/gin')?.licenseDeclared).toBe('NOASSERTION');
    expect(byName('typing-extensions')?.licenseDeclared).toBe('LicenseRef-Python-Software-Foundation-License');
    expect(d.hasExtractedLicensingInfos).toEqual([
      expect.objectContaining({
        licenseId: 'LicenseRef-Python-Software-Foundation-License',
        name: 'Python Software Foundation License',
        extractedText: 'Python Software Foundation License',
      }),
    ]);
  });

  it('joins an expression with other licences in parentheses', () => {
    const r = alpineAppReport({
      packages: alpineAppReport().packages.map((p) => (p.name === 'rc' ? { ...p, licenses: ['MIT OR Apache-2.0', 'ISC', 'Foo Public License'] } : p)),
    });
    const out = doc(renderSpdx(r));
    expect(out.packages.find((p) => p.name === 'rc')?.licenseDeclared).toBe('(MIT OR Apache-2.0) AND ISC AND LicenseRef-Foo-Public-License');
    expect(errorsOf(spdxSchemaValidator(), out)).toEqual([]);
  });

  it('lists unowned files with their SHA-256, contained in the image', () => {
    expect(d.files).toHaveLength(report.unownedFiles.length);
    const suid = d.files?.find((f) => f.fileName === './opt/tools/suid helper');
    expect(suid?.checksums).toEqual([{ algorithm: 'SHA256', checksumValue: report.unownedFiles.find((f) => f.path === 'opt/tools/suid helper')?.sha256 }]);
    expect(suid?.comment).toContain('Mode 0104755');
    expect(d.relationships).toContainEqual({ spdxElementId: d.packages[0]?.SPDXID, relationshipType: 'CONTAINS', relatedSpdxElement: suid?.SPDXID });
    expect(doc(renderSpdx(report, { includeFiles: false })).files).toBeUndefined();
  });

  it('is stable: same report, same document; the namespace follows image and scan time', () => {
    expect(renderSpdx(alpineAppReport())).toBe(text);
    const later = doc(renderSpdx(alpineAppReport({ scannedAt: '2026-05-03T00:00:00Z' })));
    expect(later.documentNamespace).not.toBe(d.documentNamespace);
    expect(later.packages.map((p) => p.SPDXID)).toEqual(d.packages.map((p) => p.SPDXID));
    expect(doc(renderSpdx(report, { namespaceBase: 'https://sbom.example.com/' })).documentNamespace).toMatch(/^https:\/\/sbom\.example\.com\//);
  });
});
