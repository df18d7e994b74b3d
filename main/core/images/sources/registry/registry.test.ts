// Pulls from a real Registry v2 (Debian's docker-registry): TLS with our own CA and basic auth,
// bearer tokens from a token server, plain HTTP only when listed as insecure, multi-arch indexes.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir, requireFixtures } from '../../../../../tests/support/environment';
import { measureReadLimit } from '../../layers/read-limit';
import { analyseImage, apkAnalyzer, gzip, imageConfig, makeTar, osReleaseAnalyzer, sha256, zstdRaw } from '../image-archive.testkit';
import { openImage } from '../open-image';
import { listRepositoryTags, openRegistryImage } from './registry-image';
import { PASSWORD, pushBlob, putManifest, requireCommands, startPeers, USER, type Peers } from './registry-peer.testkit';
import { failure } from '../../../../../tests/support/rpc-failure';

const tools = requireCommands('docker-registry', 'skopeo', 'openssl');
const fixtures = requireFixtures();
const ALPINE_310 = 'sha256:af341ccd2df8b0e2d67cf8dd32e087bfda4e5756ebd1c76bbf3efa0dc246590e';
const ALPINE_311 = 'sha256:a187dde48cd289ac374ad8539930628314bc581a481cdb41409c9289419ddb72';

describe.skipIf(!tools.available || !fixtures.available)('a real Registry v2', () => {
  let peers: Peers;
  const creds = { username: USER, password: PASSWORD };
  let multi: { amd64: string; arm64: string; index: string };

  beforeAll(async () => {
    peers = await startPeers();
    // skopeo pushes the Alpine fixtures (it reads plain docker-archive tars only).
    for (const [name, tag, registry, extra] of [
      ['alpine-310', '3.10', peers.plain, ['--dest-tls-verify=false']],
      ['alpine-311', '3.11', peers.basic, ['--dest-cert-dir', path.join(peers.dir, 'certs'), '--dest-creds', `${USER}:${PASSWORD}`]],
    ] as const) {
      fs.mkdirSync(path.join(peers.dir, 'certs'), { recursive: true });
      fs.writeFileSync(path.join(peers.dir, 'certs', 'ca.crt'), peers.caPem);
      const tar = path.join(peers.dir, `${name}.tar`);
      fs.writeFileSync(tar, gunzipSync(fs.readFileSync(path.join(fixturesDir, 'images', `${name}.tar.gz`))));
      execFileSync('skopeo', ['copy', '--quiet', ...extra, `docker-archive:${tar}`, `docker://${registry}/vigil/alpine:${tag}`], { stdio: 'pipe' });
    }
    // A multi-arch image written with plain HTTP PUTs: amd64 (gzip + zstd layers), arm64 (plain layer).
    const repo = 'vigil/multi';
    const image = async (arch: string, layers: { tar: Buffer; stored: Buffer; mediaType: string }[]) => {
      const config = await pushBlob(peers.plain, repo, Buffer.from(JSON.stringify({ ...imageConfig(layers.map((l) => sha256(l.tar))), architecture: arch })));
      const blobs = [];
      for (const l of layers) blobs.push({ mediaType: l.mediaType, ...(await pushBlob(peers.plain, repo, l.stored)) });
      return putManifest(peers.plain, repo, `${arch}-only`, { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers: blobs }, 'application/vnd.oci.image.manifest.v1+json');
    };
    const release = (arch: string) => makeTar([{ name: 'etc/os-release', content: `ID=alpine\nVERSION_ID=3.20.0\nPRETTY_NAME="on ${arch}"\n` }]);
    const a1 = await release('amd64');
    const a2 = await makeTar([{ name: 'bin/app', content: 'app' }]);
    const amd64 = await image('amd64', [
      { tar: a1, stored: gzip(a1), mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' },
      { tar: a2, stored: zstdRaw(a2), mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd' },
    ]);
    const r = await release('arm64');
    const arm64 = await image('arm64', [{ tar: r, stored: r, mediaType: 'application/vnd.oci.image.layer.v1.tar' }]);
    const index = await putManifest(peers.plain, repo, 'multi', {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...amd64, platform: { os: 'linux', architecture: 'amd64' } },
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...arm64, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      ],
    }, 'application/vnd.oci.image.index.v1+json');
    multi = { amd64: amd64.digest, arm64: arm64.digest, index: index.digest };
  }, 120_000);

  afterAll(async () => {
    await peers?.stop();
  });

  it('TLS with our CA and basic auth: pulls alpine:3.11 (pushed by skopeo) and analyses it', async () => {
    const image = await openImage({ kind: 'registry', ref: `${peers.basic}/vigil/alpine:3.11` }, { registry: { credentials: creds, ca: peers.caPem } });
    expect(image.id).toBe(ALPINE_311);
    expect(image.config.diffIds).toEqual(['sha256:beee9f30bc1f711043e78d4a2be0668955d4b761d587d6f60c2c8dc081efb203']);
    expect(image.layers[0]!.digest).toMatch(/^sha256:/);
    expect(image.repoTags).toEqual([`${peers.basic}/vigil/alpine:3.11`]);
    expect(image.repoDigests[0]).toMatch(new RegExp(`^${peers.basic}/vigil/alpine@sha256:[a-f0-9]{64}$`));
    expect(image.platform).toBe('linux/amd64');
    const { merged } = await analyseImage(image, [osReleaseAnalyzer(), apkAnalyzer()]);
    expect(merged.os).toMatchObject({ family: 'alpine', version: '3.11.5' });
    expect(merged.packages).toHaveLength(14);
    expect((await measureReadLimit(image)).bytes).toBe(5_861_888);
    await image.close();
    expect(await listRepositoryTags(`${peers.basic}/vigil/alpine`, { credentials: creds, ca: peers.caPem })).toEqual(['3.10', '3.11']);
  });

  it('basic auth: no credentials, wrong ones, and an untrusted certificate are clear errors', async () => {
    const anonymous = await failure(openRegistryImage(`${peers.basic}/vigil/alpine:3.11`, { ca: peers.caPem }));
    expect(anonymous.code).toBe('unauthorized');
    expect(anonymous.message).toBe(`${peers.basic} requires a username and password`);
    const wrong = await failure(openRegistryImage(`${peers.basic}/vigil/alpine:3.11`, { ca: peers.caPem, credentials: { username: USER, password: 'nope' } }));
    expect(wrong.code).toBe('unauthorized');
    expect(wrong.message).not.toContain('nope');
    const untrusted = await failure(openRegistryImage(`${peers.basic}/vigil/alpine:3.11`, { credentials: creds }));
    expect(untrusted.code).toBe('unavailable');
    expect(untrusted.message).toContain('its TLS certificate is not trusted');
    expect(untrusted.message).not.toContain(PASSWORD);
    const missing = await failure(openRegistryImage(`${peers.basic}/vigil/alpine:9.99`, { credentials: creds, ca: peers.caPem }));
    expect(missing.code).toBe('not_found');
  });

  it('bearer tokens: the challenge is answered at the token server with the repository scope', async () => {
    peers.tokenRequests.length = 0;
    const image = await openRegistryImage(`${peers.token}/vigil/alpine:3.10`, { credentials: creds, ca: peers.caPem });
    expect(image.id).toBe(ALPINE_310);
    const { merged } = await analyseImage(image, [osReleaseAnalyzer()]);
    expect(merged.os?.version).toBe('3.10.4');
    expect(peers.tokenRequests[0]).toEqual({ scope: 'repository:vigil/alpine:pull', service: 'vigil-registry', authorized: true });
    expect(peers.tokenRequests).toHaveLength(1); // the token is reused for the config and the layers
    const anonymous = await failure(openRegistryImage(`${peers.token}/vigil/alpine:3.10`, { ca: peers.caPem }));
    expect(anonymous.code).toBe('unauthorized');
    expect(anonymous.message).toContain('the token service refused anonymous access for repository:vigil/alpine:pull');
    expect(await listRepositoryTags(`${peers.token}/vigil/alpine`, { credentials: creds, ca: peers.caPem })).toEqual(['3.10', '3.11']);
  });

  it('plain HTTP only when the registry is listed as insecure', async () => {
    const refused = await failure(openRegistryImage(`${peers.plain}/vigil/alpine:3.10`));
    expect(refused.code).toBe('unavailable');
    expect(refused.message).toBe(`${peers.plain} answers over plain HTTP, not HTTPS. Vigil only uses plain HTTP for registries listed as insecure: add ${peers.plain} to them if you trust the network`);
    for (const insecure of [true, [peers.plain]]) {
      const image = await openRegistryImage(`${peers.plain}/vigil/alpine:3.10`, { insecure });
      expect(image.id).toBe(ALPINE_310);
      await image.close();
    }
    expect((await failure(openRegistryImage(`${peers.plain}/vigil/alpine:3.10`, { insecure: ['127.0.0.1:1'] }))).message).toContain('answers over plain HTTP');
  });

  it('multi-arch index: picks the platform asked for (or this machine\'s), lists them otherwise', async () => {
    const arm = await openRegistryImage(`${peers.plain}/vigil/multi:multi`, { insecure: true }, { platform: 'linux/arm64' });
    expect(arm.platform).toBe('linux/arm64/v8');
    expect(arm.repoDigests).toEqual([`${peers.plain}/vigil/multi@${multi.index}`]);
    expect((await analyseImage(arm, [osReleaseAnalyzer()])).merged.os?.prettyName).toBe('on arm64');
    const host = await openRegistryImage(`${peers.plain}/vigil/multi:multi`, { insecure: true });
    expect(host.platform).toBe('linux/amd64');
    const { merged } = await analyseImage(host, [osReleaseAnalyzer()]);
    expect(merged.files.has('bin/app')).toBe(true);
    const byDigest = await openRegistryImage(`${peers.plain}/vigil/multi@${multi.arm64}`, { insecure: true });
    expect(byDigest.platform).toBe('linux/arm64');
    const none = await failure(openRegistryImage(`${peers.plain}/vigil/multi:multi`, { insecure: true }, { platform: 'linux/riscv64' }));
    expect(none.message).toContain('Available platforms: linux/amd64, linux/arm64/v8');
    expect(none.details).toMatchObject({ platforms: ['linux/amd64', 'linux/arm64/v8'] });
    const single = await failure(openRegistryImage(`${peers.plain}/vigil/multi:arm64-only`, { insecure: true }, { platform: 'linux/amd64' }));
    expect(single.code).toBe('not_found');
  });

  it('a blob altered in the registry\'s storage is caught by its digest', async () => {
    const image = await openRegistryImage(`${peers.plain}/vigil/multi:arm64-only`, { insecure: true });
    const hex = image.layers[0]!.digest!.slice(7);
    const data = path.join(peers.dir, 'storage', 'docker', 'registry', 'v2', 'blobs', 'sha256', hex.slice(0, 2), hex, 'data');
    const bytes = fs.readFileSync(data);
    bytes[600] = (bytes[600] ?? 0) ^ 0x01;
    fs.writeFileSync(data, bytes);
    const error = await failure(analyseImage(image));
    expect(error.message).toContain("the blob's content does not match its digest");
  });
});
