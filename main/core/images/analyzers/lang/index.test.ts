import { describe, expect, it } from 'vitest';
import { HEAD_BYTES } from '../analyzer';
import { joinImagePath, makePackage, safePurl } from './common';
import { ecosystemName, languageAnalyzers } from './index';

describe('languageAnalyzers', () => {
  it('seven analyzers with unique ids, versions and sane limits', () => {
    expect(languageAnalyzers.map((a) => a.id)).toEqual(['npm-package', 'python-dist', 'go-binary', 'rust-auditable', 'java-archive', 'ruby-gemspec', 'composer-installed']);
    for (const a of languageAnalyzers) {
      expect(a.version).toBeGreaterThanOrEqual(1);
      expect(a.maxBytes).toBeGreaterThanOrEqual(4 * 1024 * 1024);
      expect(a.maxBytes).toBeLessThanOrEqual(512 * 1024 * 1024);
    }
  });

  it('ordinary files are wanted by none, and wants() is cheap', () => {
    const paths = ['etc/passwd', 'usr/share/doc/x/README', 'app/package.json', 'app/src/index.js', 'usr/lib/python3/dist-packages/yaml/__init__.py', 'app/lib/x.zip'];
    const head = Buffer.from('just some text\n');
    let wanted = 0;
    const t = performance.now();
    for (let i = 0; i < 20_000; i++) {
      for (const p of paths) for (const a of languageAnalyzers) if (a.wants({ path: p, size: head.length, mode: 0o644 }, head.subarray(0, HEAD_BYTES))) wanted++;
    }
    // 840,000 calls: well under a microsecond each.
    expect(performance.now() - t).toBeLessThan(2_000);
    expect(wanted).toBe(0);
  });

  it('every analyzer survives random bytes under a wanted name without throwing', async () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) & 0xff);
    const names = ['node_modules/x/package.json', 's/a-1.dist-info/METADATA', 's/a-1.dist-info/RECORD', 'usr/bin/x', 'x.jar', 'g/specifications/a-1.gemspec', 'vendor/composer/installed.json'];
    for (let round = 0; round < 30; round++) {
      const body = Buffer.from(Array.from({ length: 64 + round * 97 }, rnd));
      if (round % 3 === 0) body.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
      if (round % 3 === 1) body.set([0x50, 0x4b, 3, 4], 0);
      for (const name of names) {
        for (const a of languageAnalyzers) {
          const out = await a.analyze({ path: name, size: body.length, mode: 0o755 }, body);
          for (const n of out.notes ?? []) expect(n.startsWith(`${name}`)).toBe(true);
        }
      }
    }
  });
});

describe('names and purls', () => {
  it('ecosystemName joins namespace and name as each ecosystem writes it', () => {
    const pkg = (type: Parameters<typeof makePackage>[0]['type'], namespace: string | null, name: string) => makePackage({ type, namespace, name, version: '1', path: 'x' });
    expect(ecosystemName(pkg('npm', '@babel', 'core'))).toBe('@babel/core');
    expect(ecosystemName(pkg('golang', 'github.com/gorilla', 'mux'))).toBe('github.com/gorilla/mux');
    expect(ecosystemName(pkg('maven', 'org.apache.commons', 'commons-lang3'))).toBe('org.apache.commons:commons-lang3');
    expect(ecosystemName(pkg('composer', 'symfony', 'console'))).toBe('symfony/console');
    expect(ecosystemName(pkg('pypi', null, 'PyYAML'))).toBe('PyYAML');
    expect(ecosystemName(pkg('golang', null, 'stdlib'))).toBe('stdlib');
  });

  it('a purl the library refuses is still written, encoded, instead of throwing', () => {
    expect(safePurl('golang', 'example.com', 'x', 'vnot-semver')).toBe('pkg:golang/example.com/x@vnot-semver');
    expect(safePurl('maven', null, 'a b', '1')).toBe('pkg:maven/a%20b@1');
    expect(safePurl('npm', null, '', '1')).toBe('pkg:npm/unknown@1');
  });

  it('image paths are joined without leaving the root', () => {
    expect(joinImagePath('usr/lib/python3/dist-packages', '../../../bin/x')).toBe('usr/bin/x');
    expect(joinImagePath('a', '../../x')).toBeNull();
    expect(joinImagePath('a', '/etc/x')).toBe('etc/x');
    expect(joinImagePath('a', './b//c/.')).toBe('a/b/c');
  });
});
