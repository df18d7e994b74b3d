// Real crypt(3) implementations to test against (imported only by tests): OpenSSL's
// `openssl passwd` (md5crypt, sha256crypt, sha512crypt; no rounds=) and, where present,
// Python's crypt module, which calls the system libcrypt (glibc/libxcrypt: rounds= and bcrypt).
import { execFileSync, spawnSync } from 'node:child_process';

export function opensslPasswd(flag: '-1' | '-5' | '-6', salt: string, password: string): string {
  // -stdin keeps the password off the command line (and handles any bytes).
  return execFileSync('openssl', ['passwd', flag, '-salt', salt, '-stdin'], { input: `${password}\n`, encoding: 'utf8' }).trim();
}

const PY = 'import crypt, sys, json\nfor pw, s in json.load(sys.stdin): print(crypt.crypt(pw, s))';

/** libcrypt's answers through Python, or null when python3 has no crypt module (removed in 3.13). */
export function libcrypt(cases: readonly (readonly [string, string])[]): string[] | null {
  const run = spawnSync('python3', ['-W', 'ignore', '-c', PY], { input: JSON.stringify(cases), encoding: 'utf8' });
  if (run.error || run.status !== 0) return null;
  return run.stdout.trimEnd().split('\n');
}
