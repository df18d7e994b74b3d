// `vigil db import|status|update` through commander, as the CLI runs them (output captured).
// (The test of main/cli/db-command.ts lives here, with the code it drives.)
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDbCommand, type DbCommandIo } from './db-command';
import { CliError } from './cli-caller';
import { bundleDigest } from '../core/vulndb/bundle-digest';
import { advisoriesDir, removeDir, requireFixtures, tempDir } from '../core/vulndb/testing/fixtures';
import { writeZip } from '../core/vulndb/testing/zip-writer';

const fixtures = requireFixtures();

function cli(env: NodeJS.ProcessEnv, tty = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io: DbCommandIo = {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t), isTTY: tty, columns: 100 },
    env,
  };
  const run = async (...args: string[]) => {
    const program = new Command().exitOverride();
    program.configureOutput({ writeOut: (t) => out.push(t), writeErr: (t) => err.push(t) });
    registerDbCommand(program, io);
    await program.parseAsync(['node', 'vigil', ...args]);
  };
  return { run, out, err, text: () => out.join(''), errText: () => err.join('') };
}

let home: string;
beforeEach(() => {
  home = tempDir('vigil-db-cli-');
});
afterEach(() => removeDir(home));

describe.skipIf(!fixtures.available)('vigil db', () => {
  it('import into the data directory (VIGIL_HOME), then status as text and JSON', async () => {
    const c = cli({ VIGIL_HOME: home });
    await c.run('db', 'import', path.join(advisoriesDir, 'ghsa-npm'), path.join(advisoriesDir, 'vuln-list-alpine-3.10'));
    expect(c.text()).toMatch(/Imported 79 advisories \(143 package rows\) from 2 bundles into .*vulndb\.sqlite/);
    expect(c.text()).toMatch(/osv:ghsa-npm \(osv\): 51 advisories from 51 files; sha256 [0-9a-f]{64}/);
    expect(c.errText()).toMatch(/^vigil: \d+% /m); // not a terminal: progress lines
    expect(c.errText()).not.toContain('\r');
    expect(fs.existsSync(path.join(home, 'vulndb.sqlite'))).toBe(true);

    const s = cli({ VIGIL_HOME: home });
    await s.run('db', 'status');
    expect(s.text()).toMatch(/schema 1, revision 1, data as of 2024-10-09T23:46:55Z/);
    expect(s.text()).toMatch(/79 advisories, 143 package rows/);
    expect(s.text()).toMatch(/alpine-secdb:vuln-list-alpine-3\.10 +28 advisories/);
    expect(s.text()).toMatch(/ecosystems: Alpine:v3\.10 \(28\), Maven \(3\), NuGet \(2\), npm \(110\)/);

    const j = cli({ VIGIL_HOME: home });
    await j.run('db', 'status', '--json', '--verify');
    const status = JSON.parse(j.text());
    expect(status).toMatchObject({ schemaVersion: 1, advisories: 79, affectedRows: 143 });
    expect(status.sources[1]).toMatchObject({ name: 'osv:ghsa-npm', kind: 'osv', digest: await bundleDigest(path.join(advisoriesDir, 'ghsa-npm')) });
  });

  it('draws a progress bar on a terminal and prints JSON results with --json', async () => {
    const c = cli({ VIGIL_HOME: home }, true);
    await c.run('db', 'import', '--json', '--replace', '--db', path.join(home, 'x.sqlite'), path.join(advisoriesDir, 'ghsa-npm'));
    expect(c.errText()).toMatch(/\r\[#*-*\] +\d+% /);
    expect(JSON.parse(c.text())).toMatchObject({ mode: 'replace', advisories: 51, corrupt: 0 });
  });

  it('refuses a digest mismatch with both digests, and --sha256 with several bundles', async () => {
    const zip = path.join(home, 'npm.zip');
    const dir = path.join(advisoriesDir, 'ghsa-npm');
    writeZip(zip, fs.readdirSync(dir).map((f) => ({ name: f, data: fs.readFileSync(path.join(dir, f)) })));
    const actual = await bundleDigest(zip);
    const c = cli({ VIGIL_HOME: home });
    const e = await c.run('db', 'import', '--sha256', 'f'.repeat(64), zip).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(2);
    expect((e as Error).message).toContain('f'.repeat(64));
    expect((e as Error).message).toContain(actual);
    expect(fs.existsSync(path.join(home, 'vulndb.sqlite'))).toBe(false);
    await c.run('db', 'import', '--sha256', actual, zip);
    expect(c.text()).toMatch(/Imported 51 advisories/);
    await expect(c.run('db', 'import', '--sha256', actual, zip, zip)).rejects.toThrow(/--sha256 names the digest of one bundle/);
    await expect(c.run('db', 'import', '--format', 'rpm', zip)).rejects.toThrow();
  });

  it('lists corrupt records, and --strict refuses them', async () => {
    const dir = path.join(home, 'bundle');
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(advisoriesDir, 'ghsa-npm', 'GHSA-29mw-wpgm-hmr9.json'), path.join(dir, 'GHSA-29mw-wpgm-hmr9.json'));
    fs.writeFileSync(path.join(dir, 'broken.json'), '{"id": ');
    const c = cli({ VIGIL_HOME: home });
    await c.run('db', 'import', dir);
    expect(c.text()).toMatch(/Corrupt records skipped: 1:\n {2}bundle: broken\.json: not valid JSON/);
    await expect(c.run('db', 'import', '--strict', dir)).rejects.toThrow(/corrupt record in .*broken\.json/);
  });

  it('status without a database says how to get one; update reads a mirror folder', async () => {
    const c = cli({ VIGIL_HOME: home });
    const e = await c.run('db', 'status').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CliError);
    expect((e as Error).message).toMatch(/no vulnerability database at .*vigil db import.*vigil db update/);

    const mirror = path.join(home, 'mirror');
    fs.mkdirSync(path.join(mirror, 'npm'), { recursive: true });
    const dir = path.join(advisoriesDir, 'ghsa-npm');
    writeZip(path.join(mirror, 'npm', 'all.zip'), fs.readdirSync(dir).map((f) => ({ name: f, data: fs.readFileSync(path.join(dir, f)) })));
    const u = cli({ VIGIL_HOME: home, VIGIL_OSV_MIRROR: mirror });
    await u.run('db', 'update', '--ecosystem', 'npm');
    expect(u.text()).toMatch(new RegExp(`Updated from ${mirror.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: npm`));
    expect(u.text()).toMatch(/osv:npm \(osv\): 51 advisories/);
    await expect(cli({ VIGIL_HOME: home }).run('db', 'update', '--ecosystem', 'PyPI', '--mirror', mirror)).rejects.toThrow(/no OSV dump for ecosystem "PyPI"/);
  });
});
