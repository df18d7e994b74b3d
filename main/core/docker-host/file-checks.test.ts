import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostItems } from './cis-host-items';
import { groupNames, modeCheck, ownerCheck, statFile } from './file-checks';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('owner and mode of daemon files', () => {
  it('stats real files and judges their mode', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-files-'));
    dirs.push(dir);
    const file = path.join(dir, 'daemon.json');
    fs.writeFileSync(file, '{}');
    fs.chmodSync(file, 0o644);
    expect(modeCheck(hostItems.daemonJsonMode, statFile([file]), 0o644)).toMatchObject({ status: 'evaluated-passed', evidence: [`${file} has mode 644 (want 644 or stricter)`] });
    fs.chmodSync(file, 0o666);
    expect(modeCheck(hostItems.daemonJsonMode, statFile([file]), 0o644)).toMatchObject({ status: 'evaluated-failed', evidence: [expect.stringMatching(/extra bits 022/)] });
    expect(modeCheck(hostItems.daemonJsonMode, statFile([path.join(dir, 'none')]), 0o644)).toMatchObject({ status: 'not-evaluated', reason: expect.stringMatching(/does not exist/) });
  });

  it('names the owner with the group file', () => {
    const facts = { path: '/var/run/docker.sock', stat: { uid: 0, gid: 998, mode: 0o660 }, problem: null };
    const groups = new Map([[998, 'docker']]);
    expect(ownerCheck(hostItems.socketOwner, facts, groups, { user: 'root', group: 'docker' })).toMatchObject({ status: 'evaluated-passed', evidence: ['/var/run/docker.sock is owned by root:docker (want root:docker)'] });
    expect(ownerCheck(hostItems.socketOwner, { ...facts, stat: { ...facts.stat, gid: 0 } }, new Map([[0, 'root']]), { user: 'root', group: 'docker' }).status).toBe('evaluated-failed');
    expect(groupNames().get(0)).toBe('root');
  });
});
