// Package file lists: this machine's real var/lib/dpkg/info/*.list against dpkg-query -L, and
// its real *.md5sums files in the role of distroless status.d/<package>.md5sums.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { strict } from '../../../../../tests/support/environment';
import { dpkgFileListAnalyzer, isDpkgFileListPath, normalisePath, parseDpkgList, parseMd5sums } from './dpkg-file-list';
import { run } from './testing';

const DPKG_QUERY = '/usr/bin/dpkg-query';
const INFO = '/var/lib/dpkg/info';
const gate = existsSync(DPKG_QUERY) && existsSync(INFO) ? 'run' : strict ? 'fail' : 'skip';
if (gate === 'skip') console.warn(`[skip] dpkg file lists: ${DPKG_QUERY} or ${INFO} missing (not a Debian machine)`);

describe.skipIf(gate === 'skip')('this machine’s dpkg file lists', () => {
  if (gate === 'fail') it('dpkg is installed', () => expect.fail(`${DPKG_QUERY} or ${INFO} missing and CI is set`));

  it('every .list file gives exactly the paths dpkg-query -L prints (all packages)', async () => {
    const packages = spawnSync(DPKG_QUERY, ['-W', '-f', '${binary:Package}\\n'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    const res = spawnSync(DPKG_QUERY, ['-L', ...packages], { encoding: 'utf8', maxBuffer: 256 << 20 });
    expect(res.status).toBe(0);
    // dpkg-query -L adds "diverted by …" / "package diverts others to: …" lines; the paths start with '/'.
    const expected = res.stdout.split('\n').filter((l) => l.startsWith('/')).map(normalisePath).filter(Boolean).sort();

    const lists = readdirSync(INFO).filter((f) => f.endsWith('.list'));
    expect(lists.length).toBe(packages.length);
    const ours: string[] = [];
    for (const file of lists) {
      const out = await run(dpkgFileListAnalyzer, `var/lib/dpkg/info/${file}`, readFileSync(path.join(INFO, file)));
      expect(out?.notes).toBeUndefined();
      ours.push(...out!.ownedPaths!);
    }
    expect(ours.sort()).toEqual(expected);
    expect(ours).toContain('usr/bin/dpkg');
  });

  it('md5sums files (the distroless status.d form) give the files of the package', async () => {
    const list = parseDpkgList(readFileSync(path.join(INFO, existsSync(path.join(INFO, 'dpkg.list')) ? 'dpkg.list' : 'dpkg:amd64.list'), 'utf8'));
    const md5 = readFileSync(path.join(INFO, 'dpkg.md5sums'));
    const out = await run(dpkgFileListAnalyzer, 'var/lib/dpkg/status.d/dpkg.md5sums', md5);
    expect(out!.ownedPaths!.length).toBeGreaterThan(50);
    // md5sums lists regular files only, each of which the .list also has.
    const listed = new Set(list);
    expect(out!.ownedPaths!.filter((p) => !listed.has(p))).toEqual([]);
    expect(out!.ownedPaths).toContain('usr/bin/dpkg');
  });
});

describe('dpkg file list parsing', () => {
  it('normalises paths: no leading slash, no root entry, no escaping the root', () => {
    expect(parseDpkgList('/.\n/usr\n/usr/bin/x\n\n/usr/./lib//y\r\n/../../etc/z\n')).toEqual(['usr', 'usr/bin/x', 'usr/lib/y', 'etc/z']);
    expect(parseMd5sums('d41d8cd98f00b204e9800998ecf8427e  usr/share/doc/x/copyright\nbad\n0123  /abs/path\n')).toEqual(['usr/share/doc/x/copyright', 'abs/path']);
    expect(normalisePath('a/b/../../..')).toBe('');
  });

  it('wants .list files in info/ and .md5sums files in status.d/, nothing else', () => {
    expect(isDpkgFileListPath('var/lib/dpkg/info/bash.list')).toBe('list');
    expect(isDpkgFileListPath('var/lib/dpkg/info/libc6:amd64.list')).toBe('list');
    expect(isDpkgFileListPath('var/lib/dpkg/status.d/libc6.md5sums')).toBe('md5sums');
    expect(isDpkgFileListPath('var/lib/dpkg/info/bash.md5sums')).toBeNull();
    expect(isDpkgFileListPath('var/lib/dpkg/info/.list')).toBeNull();
    expect(isDpkgFileListPath('var/lib/dpkg/info/x/y.list')).toBeNull();
    expect(isDpkgFileListPath('var/lib/dpkg/status.d/libc6')).toBeNull();
  });

  it('binary content gets a note, not paths', async () => {
    const out = await run(dpkgFileListAnalyzer, 'var/lib/dpkg/info/x.list', Buffer.from([0, 1, 2, 3]));
    expect(out).toEqual({ notes: ['var/lib/dpkg/info/x.list: binary data, not a dpkg file list; ownership not read'] });
  });
});
