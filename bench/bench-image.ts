// The real image the benches scan: `debootstrap --variant=minbase bookworm` plus a few hundred
// packages (layer 1, by `docker import`), a node_modules tree installed from the npm registry
// (layer 2, `docker build` COPY), and a layer that purges a package and removes the docs (layer
// 3: whiteouts and a rewritten dpkg status), written out by `docker save`. The tarball is kept in
// /var/tmp/vigil-bench (VIGIL_BENCH_CACHE) under a key of the recipe; VIGIL_BENCH_REBUILD=1 builds
// it again. Without debootstrap or the mirror it says why and falls back to an image made of this
// machine's own files. Also the small helpers every bench shares.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const cacheDir = process.env.VIGIL_BENCH_CACHE ?? '/var/tmp/vigil-bench';
const MIRROR = process.env.VIGIL_BENCH_MIRROR ?? 'http://deb.debian.org/debian';
const SUITE = 'bookworm';

/** With minbase's ~90, about 300 packages in all. */
const DEBIAN_PACKAGES = [
  'python3', 'python3-pip', 'python3-venv', 'python3-yaml', 'python3-requests', 'perl', 'curl', 'wget', 'openssh-client', 'git',
  'gnupg', 'ca-certificates', 'vim', 'nano', 'less', 'procps', 'iproute2', 'iputils-ping', 'net-tools', 'dnsutils', 'tzdata',
  'locales', 'sudo', 'rsync', 'xz-utils', 'bzip2', 'unzip', 'zip', 'file', 'make', 'gcc', 'g++', 'libc6-dev', 'libssl-dev',
  'zlib1g-dev', 'sqlite3', 'jq', 'nginx', 'openssl', 'libxml2', 'libxslt1.1', 'libjpeg62-turbo', 'libpng16-16', 'libfreetype6',
  'fontconfig-config', 'man-db', 'bash-completion', 'htop', 'tmux', 'strace', 'lsof', 'patch', 'pkg-config', 'autoconf',
  'automake', 'libtool', 'netcat-openbsd', 'gawk', 'bc', 'tree', 'xxd', 'psmisc',
];

/** An application's dependencies, some of them old (so the GHSA fixtures have something to find). */
const NPM_PACKAGES = [
  'express@4.17.1', 'lodash@4.17.15', 'moment@2.29.1', 'axios@0.21.0', 'jsonwebtoken@8.5.1', 'handlebars@4.5.3', 'ws@7.4.5',
  'semver@5.7.1', 'follow-redirects@1.14.0', 'react@18', 'react-dom@18', 'webpack@5', 'webpack-cli@5', 'eslint@8', 'typescript@5',
  'jest@29', '@babel/core@7', 'chalk@4', 'commander@11', 'yargs@17', 'uuid@9', 'socket.io@4', 'mongoose@8', 'pg@8',
  'mysql2@3', 'redis@4', 'bcryptjs@2', 'dotenv@16', 'cors@2', 'morgan@1', 'helmet@7', 'winston@3', 'async@3', 'minimist@1',
  'glob@10', 'rimraf@5', 'pug@3', 'ejs@3', 'marked@9', 'node-fetch@2', 'request@2', 'underscore@1',
];

/** Layer 3: what an image's last RUN often does (purge a package, drop the docs): whiteouts and a new dpkg status. */
const CLEANUP = 'dpkg --purge nano && rm -rf /usr/share/doc/* /usr/share/man/* /var/cache/debconf/*-old';

const RECIPE_VERSION = 1;

export interface BuiltImage {
  tarball: string;
  how: string;
}

function run(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): void {
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const tail = `${result.stdout?.toString() ?? ''}${result.stderr?.toString() ?? ''}`.trim().split('\n').slice(-8).join('\n');
    throw new Error(`${cmd} ${args.slice(0, 3).join(' ')} … exited with ${result.status}:\n${tail}`);
  }
}

function timed<T>(what: string, fn: () => T): T {
  const t = performance.now();
  process.stdout.write(`bench:   ${what} …`);
  const out = fn();
  process.stdout.write(` ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
  return out;
}

function dockerRmi(...tags: string[]): void {
  spawnSync('docker', ['rmi', '-f', ...tags], { stdio: 'ignore' });
}

/** debootstrap + npm + docker build, three layers; the docker-save tarball is cached by recipe. */
function buildDebianImage(): BuiltImage {
  const recipe = JSON.stringify({ RECIPE_VERSION, SUITE, MIRROR, DEBIAN_PACKAGES, NPM_PACKAGES, CLEANUP });
  const key = createHash('sha256').update(recipe).digest('hex').slice(0, 12);
  const tarball = path.join(cacheDir, `debian-${key}.tar`);
  const how = `debootstrap ${SUITE} minbase + ${DEBIAN_PACKAGES.length} packages, npm install of ${NPM_PACKAGES.length} packages, 3 layers`;
  if (fs.existsSync(tarball) && process.env.VIGIL_BENCH_REBUILD !== '1') return { tarball, how: `${how} (cached ${tarball})` };

  fs.mkdirSync(cacheDir, { recursive: true });
  const work = path.join(cacheDir, `work-${key}`);
  fs.rmSync(work, { recursive: true, force: true });
  const root = path.join(work, 'root');
  const context = path.join(work, 'context');
  const base = `vigil-bench/debian-base:${key}`;
  const tag = `vigil-bench/debian:${key}`;
  console.log(`bench: building the image (${how}) in ${work}`);
  try {
    timed(`debootstrap --variant=minbase --include=<${DEBIAN_PACKAGES.length} packages> ${SUITE}`, () =>
      run('debootstrap', ['--variant=minbase', `--include=${DEBIAN_PACKAGES.join(',')}`, SUITE, root, MIRROR]),
    );
    // What a Dockerfile's apt-get clean would do: the .debs are not part of the image.
    for (const dir of ['var/cache/apt/archives', 'var/lib/apt/lists']) {
      for (const name of fs.readdirSync(path.join(root, dir))) if (name !== 'partial' && name !== 'lock') fs.rmSync(path.join(root, dir, name), { recursive: true, force: true });
    }
    timed('docker import (layer 1)', () => {
      const rootTar = path.join(work, 'root.tar');
      run('tar', ['--numeric-owner', '-C', root, '-cf', rootTar, '.']);
      fs.rmSync(root, { recursive: true, force: true });
      run('docker', ['import', rootTar, base]);
      fs.rmSync(rootTar, { force: true });
    });
    fs.mkdirSync(path.join(context, 'app'), { recursive: true });
    fs.writeFileSync(path.join(context, 'app', 'package.json'), JSON.stringify({ name: 'bench-app', version: '1.0.0', private: true }, null, 2));
    timed(`npm install of ${NPM_PACKAGES.length} packages`, () =>
      run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...NPM_PACKAGES], { cwd: path.join(context, 'app') }),
    );
    const build = (withCleanup: boolean): void => {
      const lines = [`FROM ${base}`, 'COPY app /app'];
      if (withCleanup) lines.push(`RUN ${CLEANUP}`);
      fs.writeFileSync(path.join(context, 'Dockerfile'), `${lines.join('\n')}\n`);
      run('docker', ['build', '--network', 'none', '-t', tag, context], { env: { ...process.env, DOCKER_BUILDKIT: '0' } });
    };
    timed('docker build (layers 2 and 3)', () => {
      try {
        build(true);
      } catch (error) {
        console.log(`\nbench: the RUN layer failed (${(error as Error).message.split('\n')[0]}); building two layers`);
        build(false);
      }
    });
    timed('docker save', () => {
      const partial = `${tarball}.partial`;
      run('docker', ['save', '-o', partial, tag]);
      fs.renameSync(partial, tarball);
    });
    return { tarball, how };
  } finally {
    dockerRmi(tag, base);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The old way, offline: this machine's own dpkg database, libraries, binaries and node_modules, one layer. */
function buildLocalImage(): BuiltImage {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-scan-'));
  const rootTar = path.join(base, 'rootfs.tar');
  const tarball = path.join(base, 'image.tar');
  const tag = 'vigil-bench/scan:latest';
  execFileSync('tar', [
    '-cf', rootTar, '--ignore-failed-read', '--warning=no-file-changed',
    '--transform', `s,^${path.resolve('node_modules').slice(1)},app/node_modules,`,
    '/etc/os-release', '/usr/lib/os-release', '/var/lib/dpkg/status', '/var/lib/dpkg/info', '/usr/lib/python3/dist-packages',
    '/usr/lib/x86_64-linux-gnu', '/usr/bin', path.resolve('node_modules'),
  ], { stdio: 'pipe' });
  execFileSync('docker', ['import', rootTar, tag], { stdio: 'pipe' });
  execFileSync('docker', ['save', '-o', tarball, tag], { stdio: 'pipe' });
  dockerRmi(tag);
  fs.rmSync(rootTar, { force: true });
  return { tarball, how: "FALLBACK: this machine's own files (dpkg database, libraries, binaries, node_modules), 1 layer" };
}

export function buildImage(): BuiltImage {
  const missing = ['debootstrap', 'docker', 'npm'].filter((cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0);
  if (missing.length === 0) {
    try {
      return buildDebianImage();
    } catch (error) {
      console.log(`\nbench: cannot build the Debian image: ${(error as Error).message}`);
    }
  } else {
    console.log(`bench: cannot build the Debian image: ${missing.join(', ')} not found`);
  }
  console.log("bench: falling back to an image of this machine's own files (not what issue 4 asks for)");
  return buildLocalImage();
}

export function task() {
  const controller = new AbortController();
  return { id: 'bench', signal: controller.signal, progress: () => undefined, throwIfCancelled: () => undefined };
}

/** Peak resident set size of this process so far (Linux VmHWM), else the current RSS. */
export function peakRss(): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.memoryUsage().rss;
}

export function readThrough(file: string): void {
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(8 << 20);
  while (fs.readSync(fd, buffer, 0, buffer.length, null) > 0);
  fs.closeSync(fd);
}

