// Make real images offline: write a root filesystem, tar it, `docker import` it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function importImage(tag: string, files: Record<string, string> = { 'etc/os-release': 'ID=vigil-test\n' }): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-rootfs-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(root, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
    const tar = path.join(root, '..', `${path.basename(root)}.tar`);
    execFileSync('tar', ['-C', root, '-cf', tar, '.']);
    try {
      return execFileSync('docker', ['import', tar, tag], { encoding: 'utf8' }).trim();
    } finally {
      fs.rmSync(tar, { force: true });
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

export function removeImage(tag: string): void {
  try {
    execFileSync('docker', ['rmi', '-f', tag], { stdio: 'pipe' });
  } catch {
    // already gone
  }
}

export function uniqueTag(name: string): string {
  return `vigil-test/${name}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
