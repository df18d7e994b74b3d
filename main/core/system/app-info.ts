// Versions of the app and what it runs on, for system.status and `vigil doctor`.
import Database from 'better-sqlite3';
import pkg from '../../../package.json';

export const appInfo = { name: 'Vigil', version: pkg.version } as const;

let sqliteVersion: string | null | undefined;

export function runtimeInfo(electronVersion: string | null) {
  if (sqliteVersion === undefined) {
    try {
      const db = new Database(':memory:');
      sqliteVersion = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
      db.close();
    } catch {
      sqliteVersion = null; // the native module failed to load: doctor reports it
    }
  }
  return {
    node: process.versions.node,
    electron: electronVersion,
    sqlite: sqliteVersion,
    platform: process.platform,
    arch: process.arch,
  };
}

/** Node's version as [major, minor], to compare with the engines field. */
export function nodeVersionAtLeast(major: number, minor: number, version = process.versions.node): boolean {
  const [ma = 0, mi = 0] = version.split('.').map(Number);
  return ma > major || (ma === major && mi >= minor);
}
