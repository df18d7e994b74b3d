// Installed npm packages, checked against npm's own view of two real trees: this project's
// node_modules (npm's hidden lockfile node_modules/.package-lock.json lists exactly what is
// installed) and the global npm install (`npm ls --all --parseable --long`).
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { npmLicenses, npmPackageAnalyzer, npmPackageDir } from './npm-package';
import { feed, run, runAnyStatus } from './testing';

const PROJECT = path.resolve(__dirname, '../../../../..');

/** Every regular file called package.json under `root`, image-style (relative to `base`). */
function packageJsonFiles(root: string, base: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name === 'package.json') out.push(path.relative(base, p));
    }
  };
  walk(root);
  return out;
}

async function scan(files: string[], base: string) {
  const found = new Map<string, { name: string; version: string; prefix: string }>();
  for (const rel of files) {
    const out = await feed(npmPackageAnalyzer, rel, readFileSync(path.join(base, rel)));
    if (!out) continue;
    expect(out.notes).toBeUndefined();
    const p = out.packages?.[0];
    if (!p) continue;
    const dir = rel.slice(0, -'/package.json'.length);
    found.set(dir, { name: p.namespace ? `${p.namespace}/${p.name}` : p.name, version: p.version, prefix: out.ownedPrefixes?.[0] ?? '' });
  }
  return found;
}

describe('real node_modules trees', () => {
  const lockPath = path.join(PROJECT, 'node_modules/.package-lock.json');
  it.runIf(existsSync(lockPath))("this project's node_modules: exactly npm's hidden lockfile", async () => {
    const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as { packages: Record<string, { version?: string; name?: string; link?: boolean }> };
    const expected = new Map<string, string>();
    for (const [key, v] of Object.entries(lock.packages)) {
      if (v.link || !key || !existsSync(path.join(PROJECT, key, 'package.json'))) continue;
      expected.set(key, v.version ?? '');
    }
    const files = packageJsonFiles(path.join(PROJECT, 'node_modules'), PROJECT);
    expect(files.length).toBeGreaterThan(expected.size); // there are fixture/dist package.json files to reject
    const found = await scan(files, PROJECT);
    expect(new Map([...found].map(([dir, p]) => [dir, p.version]))).toEqual(expected);
    for (const [dir, p] of found) expect(p.prefix).toBe(`${dir}/`);
    // The project's own package.json is not an installed package.
    expect(npmPackageAnalyzer.wants({ path: 'package.json', size: 1, mode: 0o644 }, Buffer.alloc(0))).toBe(false);
  });

  const npmRoot = run('npm', ['root', '-g'])?.trim();
  const npmDir = npmRoot && existsSync(path.join(npmRoot, 'npm/package.json')) ? realpathSync(path.join(npmRoot, 'npm')) : null;
  it.runIf(npmDir !== null)('the global npm install: the same packages as npm ls --all', async () => {
    const dir = npmDir as string;
    // npm ls exits 1 here (the npm package's devDependencies are not installed); its list is still complete.
    const listed = runAnyStatus('npm', ['ls', '--all', '--parseable', '--long'], { cwd: dir });
    const expected = new Map<string, string>();
    for (const line of listed.split('\n')) {
      const m = /^(\/[^:]+):(.+)@([^@]+)$/.exec(line.trim());
      if (m) expected.set(path.relative('/', m[1] as string), `${m[2]}@${m[3]}`);
    }
    expect(expected.size).toBeGreaterThan(50);
    const found = await scan(packageJsonFiles(dir, '/'), '/');
    // The npm package itself sits in lib/node_modules/npm: it is found the same way.
    expect(new Map([...found].map(([d, p]) => [d, `${p.name}@${p.version}`]))).toEqual(expected);
  });
});

describe('which package.json files are installed packages', () => {
  const yes = [
    'app/node_modules/express/package.json',
    'node_modules/@babel/core/package.json',
    'app/node_modules/a/node_modules/b/package.json',
    'app/node_modules/@s/a/node_modules/@t/b/package.json',
    'usr/lib/node_modules/npm/package.json',
    'usr/lib/node_modules/npm/node_modules/semver/package.json',
    'app/node_modules/.pnpm/lodash@4.17.21/node_modules/lodash/package.json',
    'app/node_modules/.pnpm/@babel+core@7.24.0/node_modules/@babel/core/package.json',
  ];
  const no = [
    'package.json',
    'app/package.json',
    'app/node_modules/package.json',
    'app/node_modules/resolve/test/resolver/node_modules/x/package.json',
    'app/node_modules/minimatch/dist/esm/package.json',
    'app/node_modules/.bin/package.json',
    'app/node_modules/.cache/x/package.json',
    'app/node_modules/@scope/package.json',
    'app/node_modules/@/x/package.json',
    'app/node_modules/@a/@b/package.json',
    'app/node_modules/node_modules/package.json',
    'app/node_modules/x/package.json.bak',
    'app/node_modules/x/node_modules/package.json',
  ];
  for (const p of yes) it(`yes: ${p}`, () => expect(npmPackageAnalyzer.wants({ path: p, size: 10, mode: 0o644 }, Buffer.alloc(0))).toBe(true));
  for (const p of no) it(`no: ${p}`, () => expect(npmPackageAnalyzer.wants({ path: p, size: 10, mode: 0o644 }, Buffer.alloc(0))).toBe(false));
  it('the package directory is the owned prefix', () => {
    expect(npmPackageDir('app/node_modules/@s/a/node_modules/b/package.json')).toBe('app/node_modules/@s/a/node_modules/b');
  });
});

describe('package.json contents', () => {
  it('scoped names, licenses in every historical form, purl', async () => {
    const out = await feed(
      npmPackageAnalyzer,
      'srv/node_modules/@Types/Node/package.json',
      JSON.stringify({ name: '@types/node', version: '20.19.0', license: 'MIT' }),
    );
    expect(out).toEqual({
      packages: [
        {
          type: 'npm',
          name: 'node',
          version: '20.19.0',
          namespace: '@types',
          purl: 'pkg:npm/%40types/node@20.19.0',
          licenses: ['MIT'],
          path: 'srv/node_modules/@Types/Node/package.json',
          sourceName: null,
          sourceVersion: null,
          arch: null,
          installedBy: null,
        },
      ],
      ownedPrefixes: ['srv/node_modules/@Types/Node/'],
    });
    expect(npmLicenses({ license: { type: 'ISC', url: 'x' } })).toEqual(['ISC']);
    expect(npmLicenses({ licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] })).toEqual(['MIT', 'Apache-2.0']);
    expect(npmLicenses({ license: '(MIT OR Apache-2.0)', licenses: ['MIT'] })).toEqual(['(MIT OR Apache-2.0)', 'MIT']);
    expect(npmLicenses({ license: 42 })).toEqual([]);
  });

  it('an alias install (npm i foo@npm:bar) reports the package it really is', async () => {
    const out = await feed(npmPackageAnalyzer, 'node_modules/foo/package.json', '\uFEFF{"name":"bar","version":"1.0.0"}');
    expect(out?.packages?.[0]?.name).toBe('bar');
  });

  it('garbage gives a note naming the file; a stub without a version gives nothing', async () => {
    expect(await feed(npmPackageAnalyzer, 'node_modules/x/package.json', '{"name": "x", "vers')).toEqual({
      notes: [expect.stringMatching(/^node_modules\/x\/package\.json: not valid JSON/)],
    });
    expect(await feed(npmPackageAnalyzer, 'node_modules/x/package.json', '[1,2]')).toEqual({ notes: ['node_modules/x/package.json: not a JSON object, package not read'] });
    expect(await feed(npmPackageAnalyzer, 'node_modules/x/package.json', Buffer.from([0xff, 0xfe, 0, 0x7b]))).toMatchObject({ notes: [expect.any(String)] });
    expect(await feed(npmPackageAnalyzer, 'node_modules/x/package.json', '{"name":"x"}')).toEqual({});
    expect(await feed(npmPackageAnalyzer, 'node_modules/x/package.json', '{"name":"x","version":7}')).toEqual({});
  });
});
