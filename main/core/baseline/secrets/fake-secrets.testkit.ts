// Secret-shaped test values, assembled at run time so the repository holds no literal that
// secret scanners (or push protection) would take for a real credential. Imported only by tests.
import { generateKeyPairSync } from 'node:crypto';

const chars = (seed: string, n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'): string => {
  let out = '';
  for (let i = 0; out.length < n; i += 1) out += alphabet[(seed.charCodeAt(i % seed.length) * 31 + i * 7) % alphabet.length];
  return out;
};
const mixed = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const fake = {
  awsKeyId: `AKIA${chars('vigil-aws', 16)}`,
  awsSecret: chars('vigil-secret', 40, `${mixed}/+`),
  github: `gh${'p'}_${chars('vigil-gh', 36, mixed)}`,
  gitlab: `gl${'pat'}-${chars('vigil-gl', 20, mixed)}`,
  slack: `xo${'xb'}-${chars('vigil-slack', 24, '0123456789')}-${chars('slack2', 24, mixed)}`,
  npm: `np${'m'}_${chars('vigil-npm', 36, mixed)}`,
  rsaPem: (): string => generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  ecPkcs8: (): string => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  openssh: (): string => `-----BEGIN OPENSSH ${'PRIVATE'} KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n`,
};
