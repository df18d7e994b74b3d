// Secrets recognisable by their own shape in any text: private keys, AWS and GCP keys, GitHub,
// GitLab, Slack and npm tokens. Each match is reported redacted, with its line.
import { ITEM } from '../catalogue';
import { redact } from '../redact';
import type { SecretFinding } from './secret-finding';
import { lineIndex } from './text-lines';

interface Rule {
  itemId: string;
  /** Global regex; group 1 (when present) is the secret to redact. */
  pattern: RegExp;
  describe: (match: RegExpExecArray) => string;
}

// Values published in AWS documentation as examples: never real.
const EXAMPLES = new Set(['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']);

const keyKind = (header: string): string => {
  const kind = header.replace(/\s*PRIVATE KEY.*$/, '').trim();
  if (kind === 'OPENSSH') return 'OpenSSH private key';
  if (kind === 'ENCRYPTED') return 'encrypted private key (PKCS#8)';
  if (kind === '') return 'private key (PKCS#8)';
  return `${kind} private key`;
};

const RULES: readonly Rule[] = [
  {
    itemId: ITEM.secretPrivateKey,
    // The header must be followed by key material, so source code that only names the header
    // (parsers, TLS libraries) does not count.
    pattern: /-----BEGIN ((?:(?:RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP|SSH2 ENCRYPTED) )?PRIVATE KEY(?: BLOCK)?)-----[ \t]*\r?\n(?:[A-Za-z-]+:[^\n]*\r?\n)*\s*[A-Za-z0-9+/=]{16,}/g,
    describe: (m) => `${keyKind(m[1]!)}${/Proc-Type:\s*4,ENCRYPTED/.test(m[0]) ? ' (passphrase-protected)' : ''}`,
  },
  {
    itemId: ITEM.secretCloudKey,
    pattern: /(?<![A-Z0-9])((?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16})(?![A-Z0-9])/g,
    describe: (m) => `AWS access key ID ${redact(m[1]!)}`,
  },
  {
    itemId: ITEM.secretCloudKey,
    pattern: /(?:aws_?secret_?access_?key|secret_?access_?key)["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    describe: (m) => `AWS secret access key ${redact(m[1]!)}`,
  },
  {
    itemId: ITEM.secretToken,
    pattern: /(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])/g,
    describe: (m) => `GitHub token ${redact(m[1]!)}`,
  },
  {
    itemId: ITEM.secretToken,
    pattern: /(?<![A-Za-z0-9_-])(glpat-[A-Za-z0-9_-]{20,})/g,
    describe: (m) => `GitLab personal access token ${redact(m[1]!)}`,
  },
  {
    itemId: ITEM.secretToken,
    pattern: /(?<![A-Za-z0-9-])(xox[abposr]-[A-Za-z0-9-]{10,})/g,
    describe: (m) => `Slack token ${redact(m[1]!)}`,
  },
  {
    itemId: ITEM.secretToken,
    pattern: /https:\/\/hooks\.slack\.com\/services\/(T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{16,})/g,
    describe: (m) => `Slack webhook URL ${redact(m[1]!)}`,
  },
  {
    itemId: ITEM.secretToken,
    pattern: /(?<![A-Za-z0-9_])(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9])/g,
    describe: (m) => `npm access token ${redact(m[1]!)}`,
  },
];

// Cheap first pass: most files contain none of these, and then no rule runs.
const PREFILTER = /PRIVATE KEY|A[A-Z][A-Z]A[A-Z0-9]{16}|secret_?access_?key|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|hooks\.slack\.com|npm_|service_account/i;

const GCP_TYPE = /"type"\s*:\s*"service_account"/;
const GCP_KEY = /"private_key"\s*:\s*"-----BEGIN/;
const GCP_KEY_ID = /"private_key_id"\s*:\s*"([0-9a-f]+)"/;

/** Every shaped secret in `text`, one finding per distinct value and rule. */
export function findShapedSecrets(text: string): SecretFinding[] {
  if (!PREFILTER.test(text)) return [];
  const line = lineIndex(text);
  const out: SecretFinding[] = [];
  const seen = new Set<string>();
  // A GCP service-account key file is reported as such, not as the PEM key inside it.
  const gcp = GCP_TYPE.exec(text);
  if (gcp && GCP_KEY.test(text)) {
    const id = GCP_KEY_ID.exec(text)?.[1];
    out.push({ itemId: ITEM.secretCloudKey, line: line(gcp.index), detail: `GCP service-account key${id ? ` (key id ${redact(id)})` : ''}` });
  }
  for (const rule of RULES) {
    if (gcp && rule.itemId === ITEM.secretPrivateKey) continue;
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(text); m; m = rule.pattern.exec(text)) {
      const value = m[1] ?? m[0];
      if (EXAMPLES.has(value)) continue;
      const key = `${rule.itemId}\0${m[0]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ itemId: rule.itemId, line: line(m.index), detail: rule.describe(m) });
    }
  }
  return out;
}
