// Tests: an image whose only file is a static program that waits for SIGTERM, so containers
// made from it keep running without any base image (nothing can be pulled here). The program
// is built with the Go toolchain (golang-go in CI) and imported with `docker import`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const program = `package main

import (
	"os"
	"os/signal"
	"syscall"
)

// Wait for docker stop (SIGTERM) or Ctrl-C, doing nothing meanwhile.
func main() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM, syscall.SIGINT)
	<-c
}
`;

export function hasGo(): boolean {
  try {
    execFileSync('go', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Builds the image and returns its tag; its entrypoint is /idle. */
export function importIdleImage(tag: string): string {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-idle-'));
  try {
    fs.writeFileSync(path.join(work, 'main.go'), program);
    const root = path.join(work, 'rootfs');
    fs.mkdirSync(root);
    execFileSync('go', ['build', '-trimpath', '-ldflags', '-s -w', '-o', path.join(root, 'idle'), 'main.go'], {
      cwd: work,
      stdio: 'pipe',
      // Static, offline, with the toolchain that is installed.
      env: { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '', GO111MODULE: 'off' },
      timeout: 300_000,
    });
    fs.chmodSync(path.join(root, 'idle'), 0o755);
    const tar = path.join(work, 'rootfs.tar');
    execFileSync('tar', ['-C', root, '-cf', tar, '.']);
    execFileSync('docker', ['import', '--change', 'ENTRYPOINT ["/idle"]', tar, tag], { stdio: 'pipe' });
    return tag;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
