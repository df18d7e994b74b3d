// World-writable regular files under the system directories. Only files: the layer walker
// records regular files' modes, not directories' (a world-writable /usr/bin itself is not seen).
import type { ImageFile } from '../../../../shared/model/image';
import { capEvidence, type ItemCheck } from './item-check';
import { fileEvidence, octalMode } from './file-evidence';

const SYSTEM_DIR = /^(?:bin|sbin|usr|lib|lib32|lib64|libx32|libexec|etc|boot|opt)\//;
const S_IWOTH = 0o002;

export function isSystemPath(path: string): boolean {
  return SYSTEM_DIR.test(path);
}

export function checkWorldWritable(files: readonly ImageFile[]): ItemCheck {
  const evidence = [];
  for (const file of files) {
    if ((file.mode & S_IWOTH) !== 0 && isSystemPath(file.path)) evidence.push(fileEvidence(file, `world-writable, mode ${octalMode(file.mode)}`));
  }
  return { evidence: capEvidence(evidence, 50, 'world-writable files') };
}
