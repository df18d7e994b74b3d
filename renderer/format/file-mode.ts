// Unix mode bits as `ls -l` prints them: type, then rwx for owner, group, others, with
// setuid/setgid as s/S and sticky as t/T.
const types: [number, string][] = [
  [0o140000, 's'],
  [0o120000, 'l'],
  [0o100000, '-'],
  [0o060000, 'b'],
  [0o040000, 'd'],
  [0o020000, 'c'],
  [0o010000, 'p'],
];

export function modeString(mode: number): string {
  const kind = mode & 0o170000;
  const type = types.find(([bits]) => bits === kind)?.[1] ?? '-';
  const triple = (shift: number, special: boolean, specialChar: string) => {
    const bits = (mode >> shift) & 7;
    const r = bits & 4 ? 'r' : '-';
    const w = bits & 2 ? 'w' : '-';
    const execute = (bits & 1) !== 0;
    const x = special ? (execute ? specialChar : specialChar.toUpperCase()) : execute ? 'x' : '-';
    return r + w + x;
  };
  return type + triple(6, (mode & 0o4000) !== 0, 's') + triple(3, (mode & 0o2000) !== 0, 's') + triple(0, (mode & 0o1000) !== 0, 't');
}

/** setuid or setgid: worth a warning next to the mode. */
export function isPrivileged(mode: number): boolean {
  return (mode & 0o6000) !== 0;
}

/** World-writable without the sticky bit (e.g. a file anyone can replace). */
export function isWorldWritable(mode: number): boolean {
  return (mode & 0o002) !== 0 && (mode & 0o1000) === 0 && (mode & 0o170000) !== 0o120000;
}

export function octalMode(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}
