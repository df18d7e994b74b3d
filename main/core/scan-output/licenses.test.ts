import { describe, expect, it } from 'vitest';
import { classifyLicense, licenseRefFor, parseExpression, spdxId } from './licenses';

describe('licenses', () => {
  it('knows SPDX ids in any case, and a few common aliases', () => {
    expect(spdxId('mit')).toBe('MIT');
    expect(spdxId('gpl-2.0-only')).toBe('GPL-2.0-only');
    expect(spdxId('GPL2+')).toBe('GPL-2.0-or-later');
    expect(spdxId('Apache 2.0')).toBe('Apache-2.0');
    expect(spdxId('BSD')).toBeUndefined();
    expect(spdxId('')).toBeUndefined();
  });

  it('normalises valid expressions and keeps needed parentheses', () => {
    expect(parseExpression('mit or apache-2.0')).toBe('MIT OR Apache-2.0');
    expect(parseExpression('(MIT OR Apache-2.0) AND BSD-3-Clause')).toBe('(MIT OR Apache-2.0) AND BSD-3-Clause');
    // nested compounds keep their parentheses (clearer than relying on AND binding tighter)
    expect(parseExpression('(MIT AND ISC) OR Zlib')).toBe('(MIT AND ISC) OR Zlib');
    expect(parseExpression('MIT AND ISC OR Zlib')).toBe('(MIT AND ISC) OR Zlib');
    expect(parseExpression('GPL-2.0-only WITH Classpath-exception-2.0')).toBe('GPL-2.0-only WITH Classpath-exception-2.0');
    expect(parseExpression('Apache-2.0+')).toBe('Apache-2.0+');
    expect(parseExpression('MIT AND LicenseRef-acme-1.0')).toBe('MIT AND LicenseRef-acme-1.0');
    expect(parseExpression('DocumentRef-x:LicenseRef-y OR MIT')).toBe('DocumentRef-x:LicenseRef-y OR MIT');
  });

  it('rejects what is not an expression of known ids', () => {
    for (const bad of ['MIT OR', '(MIT', 'MIT)', 'MIT Apache-2.0', 'Foo AND MIT', 'MIT WITH Bogus-exception', 'AND', 'Python Software Foundation License']) {
      expect(parseExpression(bad), bad).toBeUndefined();
    }
  });

  it('classifies ids, expressions and names', () => {
    expect(classifyLicense(' ISC ')).toEqual({ kind: 'id', id: 'ISC' });
    expect(classifyLicense('(BSD-2-Clause OR MIT OR Apache-2.0)')).toEqual({ kind: 'expression', expression: 'BSD-2-Clause OR MIT OR Apache-2.0' });
    expect(classifyLicense('MIT BSD GPL2+')).toEqual({ kind: 'name', name: 'MIT BSD GPL2+' });
  });

  it('makes LicenseRef ids from names with SPDX idstring characters only', () => {
    expect(licenseRefFor('Python Software Foundation License')).toBe('LicenseRef-Python-Software-Foundation-License');
    expect(licenseRefFor('SEE LICENSE IN LICENSE.txt')).toBe('LicenseRef-SEE-LICENSE-IN-LICENSE.txt');
    expect(licenseRefFor('  (c) Acme, Inc.  ')).toBe('LicenseRef-c-Acme-Inc.');
    expect(licenseRefFor('©')).toMatch(/^LicenseRef-[0-9a-f]{8}$/);
  });
});
