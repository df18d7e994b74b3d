// Files whose whole purpose is to hold credentials, each read in its own format: .pgpass,
// .netrc, .git-credentials, .npmrc and a registry client's .docker/config.json.
import { ITEM } from '../catalogue';
import { redact } from '../redact';
import { isPlaceholder } from './config-passwords';
import type { SecretFinding } from './secret-finding';

export type CredentialFileKind = 'pgpass' | 'netrc' | 'git-credentials' | 'npmrc' | 'docker-config';

/** Which credential file a path is, by name. */
export function credentialFileKind(path: string): CredentialFileKind | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base === '.pgpass') return 'pgpass';
  if (base === '.netrc' || base === '_netrc') return 'netrc';
  if (base === '.git-credentials') return 'git-credentials';
  if (base === '.npmrc' || path === 'etc/npmrc' || path.endsWith('/etc/npmrc')) return 'npmrc';
  if (path === '.docker/config.json' || path.endsWith('/.docker/config.json')) return 'docker-config';
  return null;
}

const lines = (text: string): string[] => text.split('\n').map((l) => l.replace(/\r$/, ''));

function pgpass(text: string): SecretFinding[] {
  const out: SecretFinding[] = [];
  lines(text).forEach((line, i) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    // host:port:database:user:password, ':' and '\' escaped with '\'.
    const fields = line.split(/(?<!\\):/);
    if (fields.length < 5) return;
    const password = fields.slice(4).join(':');
    if (password === '' || password === '*') return;
    out.push({ itemId: ITEM.secretPasswordFile, line: i + 1, detail: `PostgreSQL password for ${fields[3] || '*'}@${fields[0] || '*'}: ${redact(password)}` });
  });
  return out;
}

function netrc(text: string): SecretFinding[] {
  const out: SecretFinding[] = [];
  let machine = 'default';
  lines(text).forEach((line, i) => {
    const tokens = line.trim().split(/\s+/);
    for (let t = 0; t < tokens.length - 1; t += 1) {
      if (tokens[t] === 'machine') machine = tokens[t + 1]!;
      if (tokens[t] === 'password' && !isPlaceholder(tokens[t + 1]!)) out.push({ itemId: ITEM.secretPasswordFile, line: i + 1, detail: `.netrc password for ${machine}: ${redact(tokens[t + 1]!)}` });
    }
  });
  return out;
}

function gitCredentials(text: string): SecretFinding[] {
  const out: SecretFinding[] = [];
  lines(text).forEach((line, i) => {
    const m = /^[a-z][a-z0-9+.-]*:\/\/([^:@/\s]*):([^@\s]+)@([^/\s]+)/i.exec(line.trim());
    if (m) out.push({ itemId: ITEM.secretPasswordFile, line: i + 1, detail: `git credentials for ${m[3]} (user ${m[1] || '?'}): ${redact(decodeURIComponent(m[2]!))}` });
  });
  return out;
}

function npmrc(text: string): SecretFinding[] {
  const out: SecretFinding[] = [];
  lines(text).forEach((line, i) => {
    const m = /^\s*(\S*?)(_authToken|_auth|_password)\s*=\s*(.+?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith('#') || line.trimStart().startsWith(';')) return;
    const value = m[3]!.replace(/^["']|["']$/g, '');
    if (isPlaceholder(value)) return;
    const where = m[1] ? m[1].replace(/:$/, '') : 'the default registry';
    out.push({ itemId: m[2] === '_authToken' ? ITEM.secretToken : ITEM.secretPasswordFile, line: i + 1, detail: `npm ${m[2]} for ${where}: ${redact(value)}` });
  });
  return out;
}

function dockerConfig(text: string): SecretFinding[] {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return [];
  }
  const auths = (config as { auths?: unknown })?.auths;
  if (typeof auths !== 'object' || auths === null) return [];
  const out: SecretFinding[] = [];
  for (const [registry, entry] of Object.entries(auths as Record<string, unknown>)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as Record<string, unknown>;
    // 'auth' is base64 of user:password: show the user, redact the password.
    const decoded = typeof e.auth === 'string' && e.auth !== '' ? Buffer.from(e.auth, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      out.push({ itemId: ITEM.secretPasswordFile, line: null, detail: `registry credentials for ${registry} (user ${decoded.slice(0, colon)}): ${redact(decoded.slice(colon + 1))}` });
      continue;
    }
    const secret = [e.auth, e.password, e.identitytoken, e.registrytoken].find((v): v is string => typeof v === 'string' && v !== '');
    if (secret) out.push({ itemId: ITEM.secretPasswordFile, line: null, detail: `registry credentials for ${registry}: ${redact(secret)}` });
  }
  return out;
}

export function findCredentialFileSecrets(kind: CredentialFileKind, text: string): SecretFinding[] {
  switch (kind) {
    case 'pgpass':
      return pgpass(text);
    case 'netrc':
      return netrc(text);
    case 'git-credentials':
      return gitCredentials(text);
    case 'npmrc':
      return npmrc(text);
    case 'docker-config':
      return dockerConfig(text);
  }
}
