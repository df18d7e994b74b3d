import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScanTarget } from './scan-target';

describe('parseScanTarget', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-target-'));
  const tar = path.join(dir, 'img.tar');
  fs.writeFileSync(tar, '');
  const never = async () => false;

  it('honours explicit prefixes', async () => {
    expect(await parseScanTarget('docker:alpine:3.10', undefined, never)).toEqual({ kind: 'docker', ref: 'alpine:3.10' });
    expect(await parseScanTarget('registry:reg.local/a:1', 'linux/arm64', never)).toEqual({ kind: 'registry', ref: 'reg.local/a:1', platform: 'linux/arm64' });
    expect(await parseScanTarget(`oci:${dir}`, undefined, never)).toEqual({ kind: 'oci', path: dir });
  });

  it('treats existing files as tarballs and folders as OCI layouts', async () => {
    expect(await parseScanTarget(tar, undefined, never)).toEqual({ kind: 'archive', path: tar });
    expect(await parseScanTarget(dir, undefined, never)).toEqual({ kind: 'oci', path: dir });
  });

  it('prefers the local engine, then a registry, and refuses a missing path', async () => {
    expect(await parseScanTarget('alpine:3.10', undefined, async () => true)).toEqual({ kind: 'docker', ref: 'alpine:3.10' });
    expect(await parseScanTarget('alpine:3.10', undefined, never)).toEqual({ kind: 'registry', ref: 'alpine:3.10' });
    await expect(parseScanTarget('/nope/x.tar', undefined, never)).rejects.toThrow(/no such file/);
    await expect(parseScanTarget('missing.tar.gz', undefined, never)).rejects.toThrow(/no such file/);
  });
});
