import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsRepository } from '../settings/settings-repository';
import { openStore } from '../store/database';
import { ContainerCheckSettingsRepository } from './check-settings-repository';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-checks-'));
  dirs.push(dir);
  return dir;
}

const store = (dir = tempDir()) => openStore(dir);

describe('container check settings in the store', () => {
  it('starts empty, keeps each list on its own, drops blanks and duplicates, and survives a reopen', () => {
    const dir = tempDir();
    const s = store(dir);
    const repo = new ContainerCheckSettingsRepository(s.db);
    expect(repo.get()).toEqual({ safeMounts: [], blockedImages: [] });
    expect(repo.update({ blockedImages: ['xmrig*', ' xmrig* ', 'nginx:1.25'] })).toEqual({ safeMounts: [], blockedImages: ['xmrig*', 'nginx:1.25'] });
    expect(repo.update({ safeMounts: ['/etc/ssl'] })).toEqual({ safeMounts: ['/etc/ssl'], blockedImages: ['xmrig*', 'nginx:1.25'] });
    // The general settings still read as before.
    expect(new SettingsRepository(s.db).get().theme).toBe('system');
    s.db.close();
    const again = store(dir);
    expect(new ContainerCheckSettingsRepository(again.db).get()).toEqual({ safeMounts: ['/etc/ssl'], blockedImages: ['xmrig*', 'nginx:1.25'] });
    again.db.close();
  });

  it('falls back to defaults when a stored value is not valid', () => {
    const s = store();
    s.db.prepare("INSERT INTO settings (key, value) VALUES ('containerChecks.safeMounts', '[\"relative/path\"]')").run();
    expect(new ContainerCheckSettingsRepository(s.db).get()).toEqual({ safeMounts: [], blockedImages: [] });
    s.db.close();
  });
});
