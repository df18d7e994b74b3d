import { describe, expect, it } from 'vitest';
import { containerStartSpecSchema } from './container-start-spec';
import { checkImageBlockList } from './image-block-check';

describe('image block list check (容器镜像阻断)', () => {
  it('fails a container whose image, or one of its tags, is blocked', () => {
    const spec = containerStartSpecSchema.parse({ image: 'sha256:abcd', imageAliases: ['xmrig/xmrig:latest'] });
    const r = checkImageBlockList(spec, ['docker.io/xmrig/*']);
    expect(r).toMatchObject({ status: 'failed', severity: 'high', cis: null, alert: { name: '容器镜像阻断' } });
    expect(r.evidence[0]).toBe('docker.io/xmrig/xmrig:latest matches the block list entry "docker.io/xmrig/*"');
  });

  it('passes otherwise and says what it compared', () => {
    const spec = containerStartSpecSchema.parse({ image: 'nginx' });
    expect(checkImageBlockList(spec, []).evidence).toEqual(['the block list is empty']);
    expect(checkImageBlockList(spec, ['xmrig*']).evidence).toEqual(['docker.io/library/nginx:latest matches none of 1 block list entry']);
  });
});
