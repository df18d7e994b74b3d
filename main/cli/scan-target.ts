// What `vigil scan <target>` means: an explicit prefix (docker:, archive:, oci:, registry:), an
// existing path (directory = OCI layout, file = tarball), else an image in the local engine if
// it has it, else a registry reference.
import fs from 'node:fs';
import path from 'node:path';
import type { ImageSpec } from '../../shared/model/image';

export function parseScanTarget(target: string, platform: string | undefined, engineHas: (ref: string) => Promise<boolean>): Promise<ImageSpec> {
  const prefixed = /^(docker|archive|oci|registry):(.+)$/.exec(target);
  if (prefixed) {
    const [, kind, rest] = prefixed as unknown as [string, ImageSpec['kind'], string];
    if (kind === 'docker') return Promise.resolve({ kind, ref: rest });
    if (kind === 'registry') return Promise.resolve({ kind, ref: rest, ...(platform ? { platform } : {}) });
    return Promise.resolve({ kind, path: path.resolve(rest), ...(platform ? { platform } : {}) });
  }
  if (fs.existsSync(target)) {
    const full = path.resolve(target);
    return Promise.resolve(fs.statSync(full).isDirectory() ? { kind: 'oci', path: full, ...(platform ? { platform } : {}) } : { kind: 'archive', path: full, ...(platform ? { platform } : {}) });
  }
  if (/^(\/|\.{1,2}\/|~)/.test(target) || /\.(tar|tar\.gz|tgz)$/i.test(target)) {
    return Promise.reject(new Error(`${target}: no such file or folder`));
  }
  return engineHas(target).then((has) => (has ? { kind: 'docker', ref: target } : { kind: 'registry', ref: target, ...(platform ? { platform } : {}) }));
}
