// Where Vigil keeps its database and files: the place each OS expects, or VIGIL_HOME.
import os from 'node:os';
import path from 'node:path';

export interface DataDirChoice {
  dir: string;
  /** Why this directory: shown by `vigil doctor`. */
  source: string;
}

export function chooseDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): DataDirChoice {
  if (env.VIGIL_HOME && env.VIGIL_HOME.trim() !== '') {
    return { dir: path.resolve(env.VIGIL_HOME), source: 'VIGIL_HOME' };
  }
  if (platform === 'win32') {
    const appData = env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
    return { dir: path.win32.join(appData, 'Vigil'), source: '%APPDATA%' };
  }
  if (platform === 'darwin') {
    return { dir: path.join(home, 'Library', 'Application Support', 'Vigil'), source: '~/Library/Application Support' };
  }
  const xdg = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : null;
  return xdg
    ? { dir: path.join(xdg, 'vigil'), source: 'XDG_DATA_HOME' }
    : { dir: path.join(home, '.local', 'share', 'vigil'), source: '~/.local/share' };
}
