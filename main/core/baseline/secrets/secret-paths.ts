// Which files the secret scan reads. Credential files always; other text files unless they sit
// where packages keep documentation, test fixtures and libraries (full of example keys and
// "password=" samples that are not this image's secrets, and of files too many to read).
import { credentialFileKind } from './credential-files';

const SKIP_PREFIXES = [
  'usr/share/', 'usr/include/', 'usr/src/', 'usr/lib/jvm/', 'usr/local/go/', 'usr/lib/go/', 'usr/lib/go-',
  'usr/lib/python', 'usr/local/lib/python', 'usr/lib/ruby/', 'usr/local/lib/ruby/', 'usr/lib/node_modules/npm/',
  'var/lib/dpkg/', 'var/lib/apt/', 'var/lib/rpm/', 'var/cache/', 'lib/apk/', 'etc/ssl/certs/', 'etc/pki/ca-trust/',
  'proc/', 'sys/', 'dev/',
];
const SKIP_SEGMENTS = new Set(['node_modules', 'site-packages', 'dist-packages', 'test', 'tests', 'testdata', '__tests__', 'fixtures', 'example', 'examples', 'vendor', '.git']);
const SKIP_EXTENSIONS = /\.(?:md|rst|html?|css|svg|map|po|mo|pyc|class|jar|so|a|o|gz|xz|bz2|zst|zip|png|jpe?g|gif|ico|pdf|woff2?|ttf)$/i;

/** Config-like files also get the password=… rule. */
const CONFIG_EXTENSIONS = /\.(?:conf|cnf|cfg|ini|env|properties|ya?ml|toml|json)$/i;
const CONFIG_NAMES = /^(?:\.env(?:\..+)?|\.pypirc|\.my\.cnf|\.s3cfg|credentials)$/;

export const SECRET_SCAN_MAX_BYTES = 1024 * 1024;

export function isSkippedForSecrets(path: string): boolean {
  if (SKIP_PREFIXES.some((p) => path.startsWith(p))) return true;
  if (SKIP_EXTENSIONS.test(path)) return true;
  const parts = path.split('/');
  for (let i = 0; i < parts.length - 1; i += 1) if (SKIP_SEGMENTS.has(parts[i]!)) return true;
  return false;
}

export function isConfigFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return CONFIG_EXTENSIONS.test(base) || CONFIG_NAMES.test(base);
}

/** A file worth reading for secrets: a credential file, or a text file (no NUL in its head) outside the skipped places. */
export function wantsForSecrets(path: string, size: number, head: Buffer): boolean {
  if (size === 0 || size > SECRET_SCAN_MAX_BYTES) return false;
  if (credentialFileKind(path) !== null) return true;
  if (isSkippedForSecrets(path)) return false;
  return !head.includes(0);
}
