// The desktop session's role: switch over environment, administrator by default, never wider by typo.
import { describe, expect, it } from 'vitest';
import { desktopCaller, osUsername, resolveRole } from './session-caller';

describe('desktop session role', () => {
  it('defaults to administrator', () => {
    expect(resolveRole('', undefined)).toEqual({ role: 'administrator', warning: null });
    expect(resolveRole(null, '  ')).toEqual({ role: 'administrator', warning: null });
  });

  it('takes --role over VIGIL_ROLE', () => {
    expect(resolveRole('read-only', 'administrator').role).toBe('read-only');
    expect(resolveRole('', 'full-access').role).toBe('full-access');
    expect(resolveRole(' full-access ', undefined).role).toBe('full-access');
  });

  it('falls to read-only with a warning on an unknown value', () => {
    const choice = resolveRole('auditor', undefined);
    expect(choice.role).toBe('read-only');
    expect(choice.warning).toContain('auditor');
    expect(resolveRole('', 'root').role).toBe('read-only');
  });

  it('builds a frozen ipc caller with the OS user as actor', () => {
    const caller = desktopCaller('full-access', osUsername());
    expect(caller).toEqual({ role: 'full-access', transport: 'ipc', actor: expect.any(String) });
    expect(caller.actor.length).toBeGreaterThan(0);
    expect(Object.isFrozen(caller)).toBe(true);
  });
});
