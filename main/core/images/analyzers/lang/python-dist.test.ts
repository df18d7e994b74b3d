// Installed Python distributions, checked against Python's own importlib.metadata on the real
// site directories of this machine: Debian's usr/lib/python3/dist-packages (python3-* packages:
// dist-info dirs, egg-info dirs and single-file egg-info) and any other site-packages of the
// python3 on PATH (pip-installed wheels with RECORD files).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCoreMetadata, pep503, pythonDistAnalyzer, pythonFileKind, pythonLicenses } from './python-dist';
import { feed, gate, hasCommand, run } from './testing';

const PY = hasCommand('/usr/bin/python3') ? '/usr/bin/python3' : null;
const mode = gate(PY !== null);
if (mode === 'skip') console.warn('skipping importlib.metadata oracle: /usr/bin/python3 not found');
if (mode === 'fail') it('python3 is installed', () => expect.fail('/usr/bin/python3 not found and CI is set'));

// For each distribution: its metadata path, name, version, and the files it lists (RECORD or
// installed-files.txt only; importlib's SOURCES.txt fallback lists sources, not installed files).
const ORACLE = `
import importlib.metadata as m, json, os, sys
out = []
for site in sys.argv[1:]:
    for d in m.distributions(path=[site]):
        p = str(d._path)
        files = None
        if d.read_text('RECORD') is not None or d.read_text('installed-files.txt') is not None:
            files = sorted(set(os.path.normpath(os.path.join(site if p.endswith('.dist-info') else p, str(f))) for f in (d.files or [])))
        out.append({'path': p, 'name': d.metadata['Name'], 'version': d.version, 'files': files})
print(json.dumps(out))
`;

function siteDirs(): string[] {
  const dirs = new Set<string>(['/usr/lib/python3/dist-packages']);
  for (const py of ['/usr/bin/python3', 'python3']) {
    const out = run(py, ['-c', 'import site, sys; print("\\n".join(site.getsitepackages()))']);
    for (const d of (out ?? '').split('\n')) if (d.trim()) dirs.add(d.trim());
  }
  return [...dirs].filter((d) => existsSync(d) && statSync(d).isDirectory());
}

/** The files under a site dir that a layer walk would show the analyzer (metadata dirs are top level). */
function candidateFiles(site: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(site, { withFileTypes: true })) {
    const p = path.join(site, e.name);
    if (e.isFile()) out.push(p);
    else if (e.isDirectory() && (e.name.endsWith('.dist-info') || e.name.endsWith('.egg-info') || e.name.endsWith('.egg'))) {
      for (const f of readdirSync(p, { withFileTypes: true })) {
        if (f.isFile()) out.push(path.join(p, f.name));
        else if (f.isDirectory() && f.name === 'EGG-INFO') for (const g of readdirSync(path.join(p, f.name))) out.push(path.join(p, f.name, g));
      }
    }
  }
  return out;
}

describe.runIf(mode === 'run')('site directories on this machine, against importlib.metadata', () => {
  const sites = siteDirs();
  it('has Debian dist-packages', () => expect(sites).toContain('/usr/lib/python3/dist-packages'));
  for (const site of sites) {
    it(`${site}`, async () => {
      const oracle = JSON.parse(run(PY as string, ['-c', ORACLE, site]) ?? '[]') as Array<{ path: string; name: string; version: string; files: string[] | null }>;
      const found = new Map<string, { name: string; version: string; purl: string }>();
      const owned = new Map<string, Set<string>>();
      for (const file of candidateFiles(site)) {
        const rel = file.slice(1);
        const out = await feed(pythonDistAnalyzer, rel, readFileSync(file));
        if (!out) continue;
        expect(out.notes ?? []).toEqual([]);
        const metaDir = pythonFileKind(rel) === 'egg-info-file' ? file : path.dirname(file);
        for (const p of out.packages ?? []) found.set(metaDir, { name: p.name, version: p.version, purl: p.purl });
        if (pythonFileKind(rel) !== 'metadata' && pythonFileKind(rel) !== 'egg-info-file') {
          owned.set(metaDir, new Set((out.ownedPaths ?? []).map((x) => `/${x}`)));
        }
      }
      if (site === '/usr/lib/python3/dist-packages') expect(oracle.length).toBeGreaterThan(0);
      const expected = new Map(oracle.map((d) => [d.path, { name: d.name, version: d.version, purl: `pkg:pypi/${pep503(d.name)}@${d.version}` }]));
      expect(found).toEqual(expected);
      for (const d of oracle) {
        if (!d.files) continue;
        expect([...(owned.get(d.path) ?? [])].sort(), d.path).toEqual(d.files);
      }
    });
  }
});

describe('metadata parsing', () => {
  const METADATA = [
    'Metadata-Version: 2.4',
    'Name: Foo.Bar_baz',
    'Version: 2.0.0rc1',
    'License: Copyright (c) 2024 Somebody',
    '        All rights reserved.',
    '        Permission is hereby granted …',
    'Classifier: License :: OSI Approved :: MIT License',
    'Classifier: License :: OSI Approved :: Apache Software License',
    'Classifier: Programming Language :: Python',
    'Requires-Dist: six',
    '',
    'Name: not-a-header (this is the description)',
    '',
  ].join('\r\n');

  it('name as written, purl name per PEP 503, multi-line License falls back to classifiers', async () => {
    const out = await feed(pythonDistAnalyzer, 'usr/local/lib/python3.12/site-packages/Foo.Bar_baz-2.0.0rc1.dist-info/METADATA', METADATA);
    expect(out).toEqual({
      packages: [
        {
          type: 'pypi',
          name: 'Foo.Bar_baz',
          version: '2.0.0rc1',
          namespace: null,
          purl: 'pkg:pypi/foo-bar-baz@2.0.0rc1',
          licenses: ['MIT License', 'Apache Software License'],
          path: 'usr/local/lib/python3.12/site-packages/Foo.Bar_baz-2.0.0rc1.dist-info/METADATA',
          sourceName: null,
          sourceVersion: null,
          arch: null,
          installedBy: null,
        },
      ],
      ownedPrefixes: ['usr/local/lib/python3.12/site-packages/Foo.Bar_baz-2.0.0rc1.dist-info/'],
    });
  });

  it('License-Expression wins, then a one-line License, then classifiers; UNKNOWN is no license', () => {
    expect(pythonLicenses(parseCoreMetadata('Name: a\nLicense-Expression: MIT OR Apache-2.0\nLicense: MIT\n'))).toEqual(['MIT OR Apache-2.0']);
    expect(pythonLicenses(parseCoreMetadata('Name: a\nLicense: BSD-3-Clause\nClassifier: License :: OSI Approved :: BSD License\n'))).toEqual(['BSD-3-Clause']);
    expect(pythonLicenses(parseCoreMetadata('Name: a\nLicense: UNKNOWN\nClassifier: License :: Public Domain\nClassifier: License :: OSI Approved\n'))).toEqual(['Public Domain']);
    expect(pythonLicenses(parseCoreMetadata('Name: a\n'))).toEqual([]);
  });

  it('RECORD: paths relative to site-packages, quoted CSV, ../ out of it, and out of the image', async () => {
    const record = [
      'yaml/__init__.py,sha256=abc,123',
      '"odd, name.py",sha256=def,1',
      '"with ""quotes"".py",,',
      '../../../bin/tool,sha256=x,9',
      '../../../../../../../etc/evil,,',
      'PyYAML-6.0.dist-info/RECORD,,',
      '',
    ].join('\n');
    const out = await feed(pythonDistAnalyzer, 'usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/RECORD', record);
    expect(out).toEqual({
      ownedPaths: [
        'usr/lib/python3/dist-packages/yaml/__init__.py',
        'usr/lib/python3/dist-packages/odd, name.py',
        'usr/lib/python3/dist-packages/with "quotes".py',
        'usr/bin/tool',
        'usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/RECORD',
      ],
      notes: ['usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/RECORD: 1 path(s) outside the image ignored'],
    });
  });

  it('egg-info as a single file, egg-info dirs with installed-files.txt, unzipped eggs', async () => {
    const single = await feed(pythonDistAnalyzer, 'usr/lib/python3/dist-packages/pycups-2.0.1.egg-info', 'Metadata-Version: 1.1\nName: pycups\nVersion: 2.0.1\nLicense: GPLv2+\n');
    expect(single?.packages?.[0]?.purl).toBe('pkg:pypi/pycups@2.0.1');
    expect(single?.ownedPaths).toEqual(['usr/lib/python3/dist-packages/pycups-2.0.1.egg-info']);
    const files = await feed(pythonDistAnalyzer, 'site/foo-1.0-py3.11.egg-info/installed-files.txt', '../foo/__init__.py\nPKG-INFO\n');
    expect(files?.ownedPaths).toEqual(['site/foo/__init__.py', 'site/foo-1.0-py3.11.egg-info/PKG-INFO']);
    const egg = await feed(pythonDistAnalyzer, 'site/bar-2.0-py3.11.egg/EGG-INFO/PKG-INFO', 'Name: bar\nVersion: 2.0\n');
    expect(egg?.packages?.[0]?.version).toBe('2.0');
    expect(egg?.ownedPrefixes).toEqual(['site/bar-2.0-py3.11.egg/']);
  });

  it('only metadata files are wanted', () => {
    const wants = (p: string) => pythonDistAnalyzer.wants({ path: p, size: 1, mode: 0o644 }, Buffer.alloc(0));
    expect(wants('x/site-packages/a-1.dist-info/METADATA')).toBe(true);
    expect(wants('x/site-packages/a-1.dist-info/RECORD')).toBe(true);
    expect(wants('x/site-packages/a-1.dist-info/LICENSE')).toBe(false);
    expect(wants('x/site-packages/a.egg-info/PKG-INFO')).toBe(true);
    expect(wants('x/site-packages/a.egg-info/SOURCES.txt')).toBe(false);
    expect(wants('x/site-packages/a/METADATA')).toBe(false);
    expect(wants('x/site-packages/.dist-info/METADATA')).toBe(false);
    expect(wants('src/PKG-INFO')).toBe(false);
  });

  it('garbage gives a note naming the file', async () => {
    expect(await feed(pythonDistAnalyzer, 's/a-1.dist-info/METADATA', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]))).toEqual({
      notes: ['s/a-1.dist-info/METADATA: binary data, not Python package metadata; not read'],
    });
    expect(await feed(pythonDistAnalyzer, 's/a-1.dist-info/METADATA', 'Version: 1.0\n')).toEqual({
      notes: ['s/a-1.dist-info/METADATA: no Name/Version in Python package metadata, skipped'],
      ownedPrefixes: ['s/a-1.dist-info/'],
    });
    // A long header line with many colons and spaces: linear work.
    const long = `Name: ${'a: '.repeat(200_000)}\nVersion: 1\n`;
    const t = performance.now();
    await feed(pythonDistAnalyzer, 's/a-1.dist-info/METADATA', long);
    expect(performance.now() - t).toBeLessThan(200);
  });
});
