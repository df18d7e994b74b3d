// shared/** may import only shared/ and pure-JS npm packages; tests may also use node:*.
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const ALLOWED_PACKAGES = ['semver', '@renovatebot/pep440', '@renovatebot/pep440/lib/version'];

it('non-test files import only this folder and pure-JS packages', () => {
  const bad: string[] = [];
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  expect(files.length).toBeGreaterThan(10);
  for (const f of files) {
    const src = readFileSync(`${__dirname}/${f}`, 'utf8');
    const statements = /^\s*(?:import|export)\b[^;]*?\bfrom\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/gm;
    for (const m of src.matchAll(statements)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? m[4]!;
      if (spec.startsWith('./') && !spec.includes('..')) continue;
      if (ALLOWED_PACKAGES.includes(spec)) continue;
      bad.push(`${f}: ${spec}`);
    }
  }
  expect(bad).toEqual([]);
});
