import { describe, expect, it } from 'vitest';
import { containerStartSpecSchema } from './container-start-spec';
import { checkHostIpc, checkHostNetwork, checkHostPid } from './namespace-checks';

const spec = (over: object = {}) => containerStartSpecSchema.parse({ image: 'alpine', ...over });

describe('namespace checks (容器命名空间)', () => {
  it('fails the host PID (5.16), IPC (5.17) and network (5.10) namespaces', () => {
    expect(checkHostPid(spec({ hostPid: true }))).toMatchObject({ status: 'failed', severity: 'high', cis: { item: '5.16' }, alert: { name: '容器命名空间' } });
    expect(checkHostIpc(spec({ hostIpc: true }))).toMatchObject({ status: 'failed', severity: 'medium', cis: { item: '5.17' } });
    expect(checkHostNetwork(spec({ hostNetwork: true }))).toMatchObject({ status: 'failed', severity: 'high', cis: { item: '5.10' } });
  });

  it('passes private namespaces', () => {
    for (const check of [checkHostPid, checkHostIpc, checkHostNetwork]) expect(check(spec()).status).toBe('passed');
  });
});
