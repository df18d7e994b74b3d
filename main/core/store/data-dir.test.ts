import { describe, expect, it } from 'vitest';
import { chooseDataDir } from './data-dir';

describe('chooseDataDir', () => {
  it('uses VIGIL_HOME above everything', () => {
    expect(chooseDataDir({ VIGIL_HOME: '/srv/case-42', XDG_DATA_HOME: '/x' }, 'linux', '/home/u')).toEqual({ dir: '/srv/case-42', source: 'VIGIL_HOME' });
  });
  it('follows each OS convention', () => {
    expect(chooseDataDir({}, 'linux', '/home/u').dir).toBe('/home/u/.local/share/vigil');
    expect(chooseDataDir({ XDG_DATA_HOME: '/data' }, 'linux', '/home/u').dir).toBe('/data/vigil');
    expect(chooseDataDir({ XDG_DATA_HOME: 'relative' }, 'linux', '/home/u').dir).toBe('/home/u/.local/share/vigil');
    expect(chooseDataDir({}, 'darwin', '/Users/u').dir).toBe('/Users/u/Library/Application Support/Vigil');
    expect(chooseDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u').dir).toBe('C:\\Users\\u\\AppData\\Roaming\\Vigil');
  });
});
