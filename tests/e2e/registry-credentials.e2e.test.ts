// Saved registry credentials used by scans: `vigil scan` of a private repository on a real
// Registry v2 (basic auth, TLS with our CA) with no --username, the password sealed in the store
// by the passphrase box and opened with VIGIL_SECRETS_PASSPHRASE.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../main/core/app-core';
import { PASSWORD, requireCommands, startPeers, USER, type Peers } from '../../main/core/images/sources/registry/registry-peer.testkit';
import { runVigil } from '../support/cli-process';
import { fixturesDir, requireBuild, requireFixtures } from '../support/environment';

const tools = requireCommands('docker-registry', 'skopeo', 'openssl');
const fixtures = requireFixtures();
const build = requireBuild();
const ALPINE_311 = 'sha256:a187dde48cd289ac374ad8539930628314bc581a481cdb41409c9289419ddb72';
const PASSPHRASE = 'a long enough passphrase for the test';

describe.skipIf(!tools.available || !fixtures.available || !build.available)('saved registry credentials', () => {
  let peers: Peers;
  let home: string;
  let caFile: string;

  beforeAll(async () => {
    peers = await startPeers();
    const certs = path.join(peers.dir, 'certs');
    fs.mkdirSync(certs, { recursive: true });
    caFile = path.join(certs, 'ca.crt');
    fs.writeFileSync(caFile, peers.caPem);
    const tar = path.join(peers.dir, 'alpine-311.tar');
    fs.writeFileSync(tar, gunzipSync(fs.readFileSync(path.join(fixturesDir, 'images', 'alpine-311.tar.gz'))));
    execFileSync('skopeo', ['copy', '--quiet', '--dest-cert-dir', certs, '--dest-creds', `${USER}:${PASSWORD}`, `docker-archive:${tar}`, `docker://${peers.basic}/private/alpine:3.11`], { stdio: 'pipe' });

    home = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-saved-creds-'));
    const core = createCore({ env: { ...process.env, VIGIL_HOME: home, VIGIL_SECRETS_PASSPHRASE: PASSPHRASE } });
    core.registries.save({ host: peers.basic, username: USER, password: PASSWORD, insecure: false });
    await core.close();
  }, 120_000);

  afterAll(async () => {
    await peers?.stop();
  });

  it('a pipeline scan of a private image needs no --username once the registry is saved, and never shows the password', () => {
    const env = { VIGIL_HOME: home, VIGIL_SECRETS_PASSPHRASE: PASSPHRASE, NODE_EXTRA_CA_CERTS: caFile };
    const ref = `${peers.basic}/private/alpine:3.11`;
    const ok = runVigil(['scan', ref, '--format', 'json', '--scanners', 'vuln', '--quiet'], env, 120_000);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).image.id).toBe(ALPINE_311);
    expect(ok.stdout + ok.stderr).not.toContain(PASSWORD);
    const files = (fs.readdirSync(home, { recursive: true }) as string[]).map((f) => path.join(home, f)).filter((f) => fs.statSync(f).isFile());
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => fs.readFileSync(f).includes(PASSWORD))).toEqual([]);

    // Without the passphrase the saved password cannot be opened: the scan says why and fails as anonymous.
    const locked = runVigil(['scan', ref, '--format', 'json', '--scanners', 'vuln'], { VIGIL_HOME: home, NODE_EXTRA_CA_CERTS: caFile, VIGIL_SECRETS_PASSPHRASE: '' }, 120_000);
    expect(locked.code).toBe(2);
    expect(locked.stderr).toMatch(/requires a username and password/);
    expect(locked.stderr).toMatch(/note: .*(locked|passphrase)/i);
  });
});
