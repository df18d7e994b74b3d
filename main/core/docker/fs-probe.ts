// What endpoint resolution may ask of the file system, behind an interface so that resolution
// stays a pure function of (env, home, platform, probe) and tests can lay out any machine.
import fs from 'node:fs';

/** What is at a path. 'inaccessible': something may be there, but stat was refused (EACCES …). */
export type PathKind = 'socket' | 'file' | 'directory' | 'other' | 'missing' | 'inaccessible';

export interface FsProbe {
  kind(path: string): PathKind;
  /** The file's text, or null when there is no such file. Other read errors throw. */
  readText(path: string): string | null;
}

export function isWindowsPipePath(p: string): boolean {
  return /^[\\/]{2}\.[\\/]pipe[\\/]/i.test(p);
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export const nodeFsProbe: FsProbe = {
  kind(p) {
    try {
      const stat = fs.statSync(p);
      // A Windows named pipe stats as neither file nor socket; being there is what matters.
      if (isWindowsPipePath(p)) return 'socket';
      if (stat.isSocket()) return 'socket';
      if (stat.isFile()) return 'file';
      if (stat.isDirectory()) return 'directory';
      return 'other';
    } catch (error) {
      return isMissing(error) ? 'missing' : 'inaccessible';
    }
  },
  readText(p) {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  },
};
