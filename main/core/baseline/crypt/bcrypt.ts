// bcrypt ("$2a$", "$2b$", "$2y$") through bcryptjs: the three prefixes differ only in historical
// bugs of other implementations, and bcryptjs computes the same hash for all of them.
import bcryptjs from 'bcryptjs';

const BCRYPT = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;

/** The cost exponent of a well-formed bcrypt hash (2^cost key expansions), else null. */
export function bcryptCost(hash: string): number | null {
  const m = BCRYPT.exec(hash);
  return m ? Number(m[1]) : null;
}

export function bcryptMatches(password: string, hash: string): boolean {
  return bcryptjs.compareSync(password, hash);
}
