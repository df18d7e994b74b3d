import { describe, expect, it } from 'vitest';
import { containerCheckIds, containerCheckResultSchema } from './check-result';
import { runContainerChecks, summariseChecks } from './container-checks';
import { containerStartSpecSchema } from './container-start-spec';
import { hostCheckResultSchema } from './host-check';

describe('all container checks', () => {
  it('a hardened container passes every check', () => {
    const spec = containerStartSpecSchema.parse({
      image: 'reg.example.com/app:1',
      capDrop: ['ALL'],
      capAdd: ['NET_BIND_SERVICE'],
      securityOpt: { noNewPrivileges: true },
      mounts: [{ source: '/etc/hosts', destination: '/etc/hosts', readOnly: true, type: 'bind' }],
    });
    const results = runContainerChecks(spec, { blockedImages: ['xmrig*'] });
    expect(results.map((r) => r.id)).toEqual([...containerCheckIds]);
    expect(results.filter((r) => r.status === 'failed')).toEqual([]);
    for (const r of results) containerCheckResultSchema.parse(r);
    expect(summariseChecks(results)).toEqual({ failed: 0, worst: null });
  });

  it('counts failures and the worst severity', () => {
    const spec = containerStartSpecSchema.parse({ image: 'xmrig', hostIpc: true, privileged: true });
    const results = runContainerChecks(spec, { blockedImages: ['xmrig'] });
    const failed = results.filter((r) => r.status === 'failed').map((r) => r.id);
    expect(failed).toEqual(['privileged', 'no-new-privileges', 'host-ipc', 'image-block-list']);
    expect(summariseChecks(results)).toEqual({ failed: 4, worst: 'critical' });
  });

  it('the host check model accepts the three statuses', () => {
    const base = { id: 'x', title: 't', cis: { benchmark: 'b', item: '2.1', title: 't' }, severity: 'low', evidence: [], reason: null, source: 'docker info' };
    for (const status of ['evaluated-passed', 'evaluated-failed', 'not-evaluated']) expect(hostCheckResultSchema.parse({ ...base, status }).status).toBe(status);
  });
});
