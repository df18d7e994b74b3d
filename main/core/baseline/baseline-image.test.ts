// The baseline check end to end on real layer tars: two root file systems built on disk (one
// with every kind of issue, one clean twin), packed with tar(1), walked by analyzeLayer with the
// baseline analyzers, merged, and evaluated.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaselineResult } from '../../../shared/model/baseline';
import type { LayerInfo } from '../../../shared/model/image';
import { analyzeLayer } from '../images/layers/analyze-layer';
import { archiveLimits } from '../images/layers/archive-limits';
import { mergeLayers } from '../images/layers/merge-layers';
import type { ImageConfig } from '../images/sources/image-source';
import { baselineAnalyzers } from './baseline-analyzers';
import { BASELINE_CATALOGUE } from './catalogue';
import { imageConfig } from './checks/image-config.testkit';
import { opensslPasswd } from './crypt/oracle.testkit';
import { evaluateBaseline, type LocatedBaselineHit } from './evaluate-baseline';
import { fake } from './secrets/fake-secrets.testkit';

type Tree = Record<string, { content: string | Buffer; mode?: number }>;

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-baseline-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Writes the tree under a fresh directory, packs it with tar(1) as root-owned entries, and returns the tar. */
function packRootfs(name: string, tree: Tree): Buffer {
  const root = path.join(work, name);
  for (const [rel, { content, mode }] of Object.entries(tree)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    fs.chmodSync(file, mode ?? 0o644);
  }
  const tar = path.join(work, `${name}.tar`);
  execFileSync('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', root, '-cf', tar, '.']);
  return fs.readFileSync(tar);
}

/** What the scan pipeline does with one image: walk its layers, merge, keep evidence of surviving files, evaluate. */
async function scan(layers: Buffer[], config: ImageConfig, repoTags: string[]): Promise<BaselineResult[]> {
  const inputs = [];
  for (const [index, tar] of layers.entries()) {
    const info: LayerInfo = { index, diffId: `sha256:${createHash('sha256').update(tar).digest('hex')}`, digest: null, size: null, createdBy: null };
    const analysis = await analyzeLayer(Readable.from([tar]), info, { analyzers: baselineAnalyzers(), limits: archiveLimits() });
    inputs.push({ info, analysis });
  }
  const merged = mergeLayers(inputs);
  const hits: LocatedBaselineHit[] = [];
  for (const { info, analysis } of inputs) {
    for (const hit of analysis.baseline ?? []) {
      if (merged.files.get(hit.path)?.layerIndex === info.index) hits.push({ ...hit, layerIndex: info.index, layerDiffId: info.diffId });
    }
  }
  const files = [...merged.files.values()];
  return evaluateBaseline({ config: { ...config, diffIds: inputs.map((i) => i.info.diffId) }, repoTags, files, hits, scanners: ['baseline', 'secrets'] });
}

const tail = ':19700:0:99999:7:::';

function badTree(): Tree {
  return {
    'etc/passwd': { content: 'root:x:0:0:root:/root:/bin/bash\ntoor:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\nbob:x:1000:1000::/home/bob:/bin/sh\n' },
    'etc/shadow': { content: `root:${opensslPasswd('-6', 'Vq8rT2xa', 'password')}${tail}\ntoor:!${tail}\nguest:${tail}\n`, mode: 0o640 },
    'etc/ssh/sshd_config': { content: 'Port 22\nPermitRootLogin yes\nPasswordAuthentication yes\n' },
    'root/.ssh/id_rsa': { content: fake.rsaPem(), mode: 0o600 },
    'app/config/aws.ini': { content: `[default]\naws_access_key_id = ${fake.awsKeyId}\naws_secret_access_key = ${fake.awsSecret}\n` },
    'app/.npmrc': { content: `//registry.npmjs.org/:_authToken=${fake.npm}\n` },
    'etc/app/app.conf': { content: 'user=app\npassword=Tr0ub4dor-and-3\n' },
    'usr/local/bin/helper': { content: 'ELF-ish', mode: 0o4755 },
    'usr/bin/tool': { content: '#!/bin/sh\n', mode: 0o777 },
    'usr/bin/passwd': { content: 'ELF-ish', mode: 0o4755 },
    'usr/bin/sudo': { content: 'ELF-ish', mode: 0o4755 },
    'usr/bin/x86_64-linux-gnu-gcc-12': { content: 'ELF-ish', mode: 0o755 },
    'var/cache/apt/archives/curl_8.5.0-2_amd64.deb': { content: Buffer.alloc(2048, 1) },
  };
}

function cleanTree(): Tree {
  return {
    'etc/passwd': { content: 'root:x:0:0:root:/root:/bin/bash\napp:x:10001:10001::/home/app:/usr/sbin/nologin\n' },
    'etc/shadow': { content: `root:*${tail}\napp:!${tail}\n`, mode: 0o640 },
    'etc/ssh/sshd_config': { content: 'Port 22\nPermitRootLogin no\nPasswordAuthentication no\n' },
    'root/.ssh/authorized_keys': { content: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB0 admin@example\n', mode: 0o600 },
    'app/config/app.ini': { content: '[db]\nhost = db\npassword = ${DB_PASSWORD}\n' },
    'etc/app/app.conf': { content: 'user=app\n# password=set-at-run-time\n' },
    'usr/bin/passwd': { content: 'ELF-ish', mode: 0o4755 },
    'usr/bin/ls': { content: 'ELF-ish', mode: 0o755 },
    'var/lib/apt/lists/lock': { content: '', mode: 0o640 },
  };
}

const badConfig = imageConfig({
  user: null,
  healthcheck: null,
  env: ['PATH=/usr/bin:/bin', 'DB_PASSWORD=hunter2hunter2'],
  labels: { 'ci.token': 'tok-0123456789abcdef' },
  history: [
    { created: null, createdBy: 'ADD https://example.com/rootfs.tar.gz / # buildkit', emptyLayer: false, comment: null },
    { created: null, createdBy: '|1 GITHUB_TOKEN=abcdef0123456789 /bin/sh -c apt-get update', emptyLayer: true, comment: null },
    { created: null, createdBy: 'COPY --from=alpine:latest /bin/busybox /bin/ # buildkit', emptyLayer: true, comment: null },
  ],
});

const cleanConfig = imageConfig({
  history: [
    { created: null, createdBy: 'COPY rootfs / # buildkit', emptyLayer: false, comment: null },
    { created: null, createdBy: 'RUN /bin/sh -c apt-get update && apt-get install -y ca-certificates && rm -rf /var/lib/apt/lists/* # buildkit', emptyLayer: true, comment: null },
  ],
});

describe('baseline check on real layer tars', () => {
  it('the image with every issue fails every item, with redacted evidence attributed to files and layers', async () => {
    const results = await scan([packRootfs('bad', badTree())], badConfig, ['example/bad:latest']);
    expect(results.map((r) => r.id)).toEqual(BASELINE_CATALOGUE.map((i) => i.id));
    const notFailed = results.filter((r) => r.status !== 'failed').map((r) => `${r.id}: ${r.status} ${r.reason ?? ''}`);
    expect(notFailed).toEqual([]);

    const byId = new Map(results.map((r) => [r.id, r]));
    expect(byId.get('IMG-SHADOW-WEAK')!.evidence).toEqual([expect.objectContaining({ path: 'etc/shadow', layerIndex: 0, detail: 'line 1: account root: the sha512crypt ($6$) hash matches common password #2 of 1000' })]);
    expect(byId.get('IMG-SUID')!.evidence.map((e) => e.path)).toEqual(['usr/local/bin/helper']);
    expect(byId.get('IMG-WORLD-WRITABLE')!.evidence.map((e) => e.path)).toEqual(['usr/bin/tool']);
    expect(byId.get('IMG-PASSWD-UID0')!.evidence.map((e) => e.detail)).toEqual(['line 2: account toor has UID 0']);
    expect(byId.get('IMG-SECRET-PRIVATE-KEY')!.evidence.map((e) => e.path)).toEqual(['root/.ssh/id_rsa']);
    expect(byId.get('IMG-SECRET-CLOUD-KEY')!.evidence.map((e) => e.path)).toEqual(['app/config/aws.ini', 'app/config/aws.ini']);

    // Nothing secret leaks into the evidence.
    const text = JSON.stringify(results);
    for (const secret of [fake.awsKeyId, fake.awsSecret, fake.npm, 'hunter2hunter2', 'Tr0ub4dor-and-3', 'tok-0123456789abcdef', 'abcdef0123456789']) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/\$6\$Vq8rT2xa\$/);
  });

  it('the clean twin produces no failure and nothing left unevaluated', async () => {
    const results = await scan([packRootfs('clean', cleanTree())], cleanConfig, ['example/clean:1.0']);
    expect(results.filter((r) => r.status !== 'passed').map((r) => `${r.id}: ${r.status} ${JSON.stringify(r.evidence)} ${r.reason ?? ''}`)).toEqual([]);
  });

  it('evidence from a file a later layer deleted or replaced does not count', async () => {
    const lower = packRootfs('lower', { 'etc/shadow': { content: `root:${tail}\n`, mode: 0o640 }, 'app/.env': { content: `TOKEN=${fake.github}\n` }, 'etc/passwd': { content: 'root:x:0:0::/root:/bin/sh\n' } });
    const upper = packRootfs('upper', { 'etc/shadow': { content: `root:*${tail}\n`, mode: 0o640 }, 'app/.wh..env': { content: '' } });
    const results = await scan([lower, upper], cleanConfig, ['example/fixed:1.0']);
    const byId = new Map(results.map((r) => [r.id, r]));
    expect(byId.get('IMG-SHADOW-EMPTY')!.status).toBe('passed');
    expect(byId.get('IMG-SECRET-TOKEN')!.status).toBe('passed');
  });
});
