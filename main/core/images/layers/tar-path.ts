// Entry names in an image tar are hostile input: './etc/passwd', '/etc/passwd', 'a//b/./c' and
// 'a/../b' are normalised to one relative form; a name whose '..' would climb above the root is
// refused (never clamped: a later reader must not mistake it for a real file).

export type NormalisedPath = { ok: true; path: string } | { ok: false; reason: string };

/** A leading or trailing '/', '//', a '.' or '..' part, or a NUL: the name needs the slow path. */
const NOT_NORMAL = /^\/|\/$|\/\/|(?:^|\/)\.\.?(?:\/|$)|\0/;

/** 'etc/passwd' for './etc/passwd', '/etc/passwd', 'etc//passwd', 'etc/x/../passwd'; '' is the root. */
export function normaliseEntryPath(name: string): NormalisedPath {
  // Most names are already in the normal form; telling so is cheaper than splitting them
  if (!NOT_NORMAL.test(name)) return { ok: true, path: name };
  if (name.includes('\0')) return { ok: false, reason: 'contains a NUL byte' };
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return { ok: false, reason: 'leaves the image root' };
      parts.pop();
      continue;
    }
    parts.push(part);
  }
  return { ok: true, path: parts.join('/') };
}

/** Owned paths from package databases ('/usr/bin/x', './usr/bin/x') in the same relative form; '..' clamps at the root. */
export function relativePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function isUnder(path: string, dir: string): boolean {
  return dir === '' || path.startsWith(`${dir}/`);
}
