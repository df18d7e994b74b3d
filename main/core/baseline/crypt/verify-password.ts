// Does a password produce this crypt(3) hash? Only for the schemes Vigil implements; the caller
// asks identifyCryptHash first and reports the others as not evaluated.
import { bcryptMatches } from './bcrypt';
import { identifyCryptHash } from './crypt-scheme';
import { md5Crypt } from './md5-crypt';
import { shaCrypt } from './sha-crypt';

export function verifyPassword(password: string, hash: string): boolean {
  switch (identifyCryptHash(hash).scheme) {
    case 'md5crypt':
      return md5Crypt(password, hash) === hash;
    case 'sha256crypt':
    case 'sha512crypt':
      return shaCrypt(password, hash) === hash;
    case 'bcrypt':
      return bcryptMatches(password, hash);
    default:
      throw new Error('this password hash scheme cannot be verified here');
  }
}
