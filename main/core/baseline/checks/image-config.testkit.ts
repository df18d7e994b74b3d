// An ImageConfig and ImageFiles for check tests (imported only by tests).
import type { ImageFile } from '../../../../shared/model/image';
import type { ImageConfig } from '../../images/sources/image-source';

export function imageConfig(overrides: Partial<ImageConfig> = {}): ImageConfig {
  return {
    os: 'linux', architecture: 'amd64', variant: null, created: null,
    user: '10001', env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], labels: {},
    entrypoint: null, cmd: ['/app'], exposedPorts: [], healthcheck: { test: ['CMD', '/app', 'health'] },
    history: [{ created: null, createdBy: 'COPY app /app # buildkit', emptyLayer: false, comment: null }],
    diffIds: [`sha256:${'1'.repeat(64)}`], raw: {},
    ...overrides,
  };
}

export function imageFile(path: string, mode = 0o100644, extra: Partial<ImageFile> = {}): ImageFile {
  return { path, size: 100, mode, uid: 0, gid: 0, sha256: '0'.repeat(64), layerIndex: 0, layerDiffId: `sha256:${'1'.repeat(64)}`, ...extra };
}
