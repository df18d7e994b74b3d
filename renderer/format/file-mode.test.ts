import { describe, expect, it } from 'vitest';
import { isPrivileged, isWorldWritable, modeString, octalMode } from './file-mode';

describe('modeString', () => {
  it('prints regular files, directories and links like ls -l', () => {
    expect(modeString(0o100644)).toBe('-rw-r--r--');
    expect(modeString(0o040755)).toBe('drwxr-xr-x');
    expect(modeString(0o120777)).toBe('lrwxrwxrwx');
    expect(modeString(0o644)).toBe('-rw-r--r--'); // no type bits: a regular file
  });
  it('shows setuid, setgid and sticky, upper case when not executable', () => {
    expect(modeString(0o104755)).toBe('-rwsr-xr-x');
    expect(modeString(0o102755)).toBe('-rwxr-sr-x');
    expect(modeString(0o104644)).toBe('-rwSr--r--');
    expect(modeString(0o041777)).toBe('drwxrwxrwt');
    expect(modeString(0o041776)).toBe('drwxrwxrwT');
  });
  it('flags privileged and world-writable files', () => {
    expect(isPrivileged(0o104755)).toBe(true);
    expect(isPrivileged(0o100755)).toBe(false);
    expect(isWorldWritable(0o100666)).toBe(true);
    expect(isWorldWritable(0o041777)).toBe(false);
    expect(isWorldWritable(0o120777)).toBe(false);
    expect(octalMode(0o104755)).toBe('4755');
  });
});
