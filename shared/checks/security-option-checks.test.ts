import { describe, expect, it } from 'vitest';
import { containerStartSpecSchema, type ContainerStartSpecInput } from './container-start-spec';
import { checkCapabilities, checkNoNewPrivileges, checkPrivileged, checkSeccomp } from './security-option-checks';

const spec = (over: Partial<ContainerStartSpecInput> = {}) => containerStartSpecSchema.parse({ image: 'alpine', ...over });

describe('security option checks (容器安全选项)', () => {
  it('fails a privileged container as critical, CIS 5.5', () => {
    const r = checkPrivileged(spec({ privileged: true }));
    expect(r).toMatchObject({ status: 'failed', severity: 'critical', alert: { name: '容器安全选项' }, cis: { item: '5.5' } });
    expect(checkPrivileged(spec()).status).toBe('passed');
  });

  it('names each added capability with why it matters, worst severity wins', () => {
    const r = checkCapabilities(spec({ capAdd: ['NET_ADMIN', 'CAP_SYS_ADMIN'] }));
    expect(r.status).toBe('failed');
    expect(r.severity).toBe('critical');
    expect(r.cis?.item).toBe('5.4');
    expect(r.evidence.join('\n')).toMatch(/CAP_SYS_ADMIN added: mount/);
    expect(r.evidence.join('\n')).toMatch(/CAP_NET_ADMIN added: reconfigures/);
  });

  it('treats ALL, lower-case names and unknown extras', () => {
    expect(checkCapabilities(spec({ capAdd: ['all'] })).severity).toBe('critical');
    expect(checkCapabilities(spec({ capAdd: ['sys_ptrace'] })).severity).toBe('high');
    const other = checkCapabilities(spec({ capAdd: ['WAKE_ALARM'] }));
    expect(other).toMatchObject({ status: 'failed', severity: 'low' });
    expect(other.evidence[0]).toMatch(/not in Docker's default set/);
  });

  it('passes a default-set capability, or one that is also dropped', () => {
    expect(checkCapabilities(spec({ capAdd: ['CHOWN', 'NET_BIND_SERVICE'] })).status).toBe('passed');
    expect(checkCapabilities(spec({ capAdd: ['SYS_ADMIN'], capDrop: ['SYS_ADMIN'] })).status).toBe('passed');
    expect(checkCapabilities(spec({ capDrop: ['ALL'] }))).toMatchObject({ status: 'passed', evidence: ['no capability added', 'dropped: ALL'] });
  });

  it('fails seccomp=unconfined only (CIS 5.22)', () => {
    expect(checkSeccomp(spec({ securityOpt: { seccomp: 'unconfined' } }))).toMatchObject({ status: 'failed', severity: 'high', cis: { item: '5.22' } });
    expect(checkSeccomp(spec({ securityOpt: { seccomp: 'Unconfined' } })).status).toBe('failed');
    expect(checkSeccomp(spec({ securityOpt: { seccomp: 'custom' } })).status).toBe('passed');
    expect(checkSeccomp(spec()).evidence[0]).toMatch(/default profile/);
  });

  it('fails when no-new-privileges is not set (CIS 5.26)', () => {
    expect(checkNoNewPrivileges(spec())).toMatchObject({ status: 'failed', severity: 'medium', cis: { item: '5.26' } });
    expect(checkNoNewPrivileges(spec({ securityOpt: { noNewPrivileges: true } })).status).toBe('passed');
  });
});
