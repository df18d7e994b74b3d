// Who the desktop session is: one local user whose role comes from --role=… or VIGIL_ROLE.
import { userInfo } from 'node:os';
import { roleSchema, type Role } from '../../shared/model/role';
import type { Caller } from '../core/rpc/caller';

export interface RoleChoice {
  role: Role;
  /** Set when a value was given but is not a role; the session then runs read-only. */
  warning: string | null;
}

/**
 * The switch wins over the environment; nothing given means administrator (a desktop user
 * owns their machine). A typo must never widen rights, so an unknown value falls to read-only.
 */
export function resolveRole(switchValue: string | null | undefined, envValue: string | null | undefined): RoleChoice {
  const given = switchValue?.trim() || envValue?.trim() || '';
  if (!given) return { role: 'administrator', warning: null };
  const parsed = roleSchema.safeParse(given);
  if (parsed.success) return { role: parsed.data, warning: null };
  return { role: 'read-only', warning: `unknown role "${given}" (expected ${roleSchema.options.join(', ')}); running read-only` };
}

/** The OS user recorded in the operation trail. userInfo() throws for uids without a passwd entry. */
export function osUsername(env: NodeJS.ProcessEnv = process.env): string {
  try {
    const name = userInfo().username;
    if (name) return name;
  } catch {
    // fall through to the environment
  }
  return env.USER || env.USERNAME || env.LOGNAME || 'unknown';
}

export function desktopCaller(role: Role, actor: string): Caller {
  return Object.freeze({ role, transport: 'ipc', actor });
}
