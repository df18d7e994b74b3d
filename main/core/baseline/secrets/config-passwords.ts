// Passwords assigned in configuration files: password=…, "db_password": "…", passwd: … One line
// at a time; comments and obvious placeholders (${VAR}, <password>, ***, empty) are not secrets.
import { ITEM } from '../catalogue';
import { redact } from '../redact';
import type { SecretFinding } from './secret-finding';

const ASSIGNMENT = /^\s*["']?([A-Za-z0-9_.-]*(?:password|passwd|passphrase|pwd))["']?\s*[:=]\s*(.*)$/i;
const COMMENT = /^\s*(?:#|;|\/\/|--|!)/;
const PLACEHOLDER_WORDS = new Set(['null', 'none', 'nil', 'undefined', 'true', 'false', 'yes', 'no', 'empty', 'password', 'your_password', 'yourpassword', 'secret', 'required', 'optional', '~']);

/** The value with quotes, a trailing comma or semicolon and a trailing comment taken off. */
function cleanValue(raw: string): string {
  let v = raw.trim();
  const quoted = /^(["'])(.*?)\1/.exec(v);
  if (quoted) return quoted[2]!;
  v = v.replace(/\s+[#;].*$/, '').replace(/[,;]$/, '').trim();
  return v;
}

export function isPlaceholder(value: string): boolean {
  if (value.length < 3) return true;
  if (/^[$%@<{[(]/.test(value) || value.includes('${') || value.includes('{{')) return true;
  if (/^([*xX.\-_#])\1*$/.test(value)) return true;
  // Prose, not a secret: OpenSSL's own openssl.cnf has 'challengePassword = A challenge password'.
  if (/\s/.test(value) && /^[A-Za-z][A-Za-z ,.'()/-]*$/.test(value)) return true;
  return PLACEHOLDER_WORDS.has(value.toLowerCase());
}

/** nsswitch.conf's 'passwd: files systemd' names where accounts come from, not a password. */
function isNameServiceSource(key: string, value: string): boolean {
  return key.toLowerCase() === 'passwd' && /^(files|compat|db|nis|nisplus|ldap|sss|systemd|winbind|dns|hesiod|extrausers)(\s|$|\[)/.test(value);
}

export function findConfigPasswords(text: string): SecretFinding[] {
  const out: SecretFinding[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const raw = lines[i]!;
    if (raw.length > 4096 || COMMENT.test(raw)) continue;
    const m = ASSIGNMENT.exec(raw.replace(/\r$/, ''));
    if (!m) continue;
    const value = cleanValue(m[2]!);
    if (isPlaceholder(value) || isNameServiceSource(m[1]!, value)) continue;
    out.push({ itemId: ITEM.secretPasswordFile, line: i + 1, detail: `${m[1]} = ${redact(value)}` });
  }
  return out;
}
