// The CLI acts as the local user with the role given by --role or VIGIL_ROLE.
import os from 'node:os';
import { roleSchema, type Role } from '../../shared/model/role';

export function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

export function parseRole(value: string | undefined, fallback: Role = 'administrator'): Role {
  if (value === undefined || value === '') return fallback;
  const parsed = roleSchema.safeParse(value);
  if (!parsed.success) throw new CliError(`--role: "${value}" is not a role; use administrator, full-access or read-only`);
  return parsed.data;
}

/** An error the user can act on: printed without a stack, exit code 2. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}
