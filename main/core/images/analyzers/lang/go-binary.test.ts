// Go build info, checked against `go version -m` (Go's own debug/buildinfo reader) on real Go
// binaries: ones this test builds (a module with a proxy dependency, a module replacement, a
// local replacement and an -ldflags version; for linux/amd64, linux/mips (ELF32 big-endian),
// windows (PE) and darwin/arm64 (Mach-O)), the Go toolchain's own binaries, and any other Go
// programs on this machine (docker, containerd, runc, terraform …). Go < 1.18's pointer format
// cannot be produced by the installed toolchain, so it is checked on ELF files written here, with
// `go version -m` reading them too.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GO_BUILDINFO_MAGIC, goBinaryAnalyzer, parseModInfo, readGoBuildInfo, stdlibVersion, versionFromLdflags, type GoBuildInfo } from './go-binary';
import { feed, gate, hasCommand, run, runOrThrow } from './testing';
import type { EntryFacts } from '../analyzer';
import { analyzeLayer } from '../../layers/analyze-layer';
import { archiveLimits } from '../../layers/archive-limits';
import { openArchive } from '../../sources/docker-archive';
import { legacySave, makeTar } from '../../sources/image-archive.testkit';
import { bufferSource } from './elf';

const GO = hasCommand('go');
const ZIP = hasCommand('zip');
const mode = gate(GO && ZIP);
if (mode === 'skip') console.warn('skipping Go oracle tests: `go` (apt-get install golang-go) or `zip` not found');
if (mode === 'fail') it('go and zip are installed', () => expect.fail('go (golang-go) or zip not found and CI is set'));

interface OracleModule {
  path: string;
  version: string;
  sum: string;
  replace: OracleModule | null;
}

/** `go version -m` parsed: version, path, main module, deps (with replacements), build keys. */
function goVersionM(file: string): { goVersion: string; path: string | null; main: OracleModule | null; deps: OracleModule[]; build: string[] } | null {
  const out = run('go', ['version', '-m', file]);
  if (out === null) return null;
  const lines = out.split('\n');
  const first = lines.shift() ?? '';
  const res = { goVersion: first.slice(first.indexOf(': ') + 2), path: null as string | null, main: null as OracleModule | null, deps: [] as OracleModule[], build: [] as string[] };
  let last: OracleModule | null = null;
  for (const line of lines) {
    const cols = line.replace(/^\t/, '').split('\t');
    const mod = (): OracleModule => ({ path: cols[1] ?? '', version: cols[2] ?? '', sum: cols[3] ?? '', replace: null });
    if (cols[0] === 'path') res.path = cols[1] ?? '';
    else if (cols[0] === 'mod') res.main = last = mod();
    else if (cols[0] === 'dep') res.deps.push((last = mod()));
    else if (cols[0] === '=>' && last) last.replace = mod();
    else if (cols[0] === 'build') res.build.push((cols[1] ?? '').split('=')[0] ?? '');
  }
  return res;
}

function comparable(info: GoBuildInfo) {
  const strip = (m: GoBuildInfo['main']): OracleModule | null => (m ? { path: m.path, version: m.version, sum: m.sum, replace: strip(m.replace) } : null);
  return {
    goVersion: info.goVersion,
    path: info.path,
    main: strip(info.main),
    deps: info.deps.map((d) => strip(d)),
    build: info.settings.map(([k]) => k),
  };
}

function expectSameAsGo(file: string): GoBuildInfo {
  const oracle = goVersionM(file);
  expect(oracle, `go version -m ${file}`).not.toBeNull();
  const info = readGoBuildInfo(readFileSync(file));
  expect(info).not.toBeNull();
  expect(comparable(info as GoBuildInfo)).toEqual(oracle);
  expect(info?.badLines).toBe(0);
  return info as GoBuildInfo;
}

describe.runIf(mode === 'run')('binaries built here by the Go toolchain', () => {
  let dir = '';
  const built: Record<string, string> = {};

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-go-'));
    // A file:// module proxy with two modules, as `go mod download` would find them on proxy.golang.org.
    const publish = (modPath: string, version: string, declared: string, pkg: string, body: string) => {
      const stage = path.join(dir, 'stage', `${modPath}@${version}`);
      mkdirSync(stage, { recursive: true });
      writeFileSync(path.join(stage, 'go.mod'), `module ${declared}\n\ngo 1.19\n`);
      writeFileSync(path.join(stage, `${pkg}.go`), `package ${pkg}\n\n${body}\n`);
      const at = path.join(dir, 'proxy', modPath, '@v');
      mkdirSync(at, { recursive: true });
      runOrThrow('zip', ['-qrD', path.join(at, `${version}.zip`), `${modPath}@${version}`], { cwd: path.join(dir, 'stage') });
      writeFileSync(path.join(at, `${version}.mod`), `module ${declared}\n\ngo 1.19\n`);
      writeFileSync(path.join(at, `${version}.info`), JSON.stringify({ Version: version, Time: '2024-01-02T03:04:05Z' }));
      writeFileSync(path.join(at, 'list'), `${version}\n`);
    };
    publish('example.com/greet', 'v1.2.3', 'example.com/greet', 'greet', 'func Hello() string { return "hi" }');
    publish('example.com/fork', 'v1.5.0', 'example.com/old', 'old', 'func Name() string { return "fork" }');
    const app = path.join(dir, 'app');
    mkdirSync(path.join(app, 'local'), { recursive: true });
    writeFileSync(path.join(app, 'local', 'go.mod'), 'module example.com/local\n\ngo 1.19\n');
    writeFileSync(path.join(app, 'local', 'local.go'), 'package local\n\nfunc X() int { return 1 }\n');
    writeFileSync(
      path.join(app, 'go.mod'),
      [
        'module example.com/app',
        '',
        'go 1.19',
        '',
        'require (',
        '\texample.com/greet v1.2.3',
        '\texample.com/old v1.0.0',
        '\texample.com/local v0.0.0',
        ')',
        '',
        'replace example.com/old => example.com/fork v1.5.0',
        '',
        'replace example.com/local => ./local',
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(app, 'main.go'),
      'package main\n\nimport (\n\t"example.com/greet"\n\t"example.com/local"\n\t"example.com/old"\n)\n\nvar version = "dev"\n\nfunc main() { println(greet.Hello(), old.Name(), local.X(), version) }\n',
    );
    const env = {
      ...process.env,
      GOPROXY: `file://${path.join(dir, 'proxy')}`,
      GOSUMDB: 'off',
      GOFLAGS: '-mod=mod',
      GOCACHE: path.join(os.tmpdir(), 'vigil-go-test-cache'),
      GOMODCACHE: path.join(dir, 'modcache'),
      GOPATH: path.join(dir, 'gopath'),
      CGO_ENABLED: '0',
      GOTOOLCHAIN: 'local',
    };
    const targets: Array<[string, string, string]> = [
      ['linux-amd64', 'linux', 'amd64'],
      ['linux-mips', 'linux', 'mips'],
      ['windows-amd64.exe', 'windows', 'amd64'],
      ['darwin-arm64', 'darwin', 'arm64'],
    ];
    for (const [name, goos, goarch] of targets) {
      const out = path.join(dir, name);
      runOrThrow('go', ['build', '-ldflags', '-X main.version=1.4.2 -s -w', '-o', out, '.'], { cwd: app, env: { ...env, GOOS: goos, GOARCH: goarch } });
      built[name] = out;
    }
    // The module cache is read-only as Go writes it.
    run('chmod', ['-R', 'u+w', dir]);
  }, 300_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const name of ['linux-amd64', 'linux-mips', 'windows-amd64.exe', 'darwin-arm64']) {
    it(`${name}: the same build info as go version -m`, () => {
      const info = expectSameAsGo(built[name] as string);
      expect(info.deps.map((d) => d.path)).toEqual(['example.com/greet', 'example.com/local', 'example.com/old']);
    });
  }

  it('reports the main module (version from -ldflags), deps with replacements applied, and stdlib', async () => {
    const file = built['linux-amd64'] as string;
    const out = await feed(goBinaryAnalyzer, 'usr/local/bin/app', readFileSync(file), 0o755);
    expect(out?.notes).toBeUndefined();
    const pkgs = (out?.packages ?? []).map((p) => [p.namespace, p.name, p.version, p.purl]);
    expect(pkgs).toEqual([
      ['example.com', 'app', '1.4.2', 'pkg:golang/example.com/app@1.4.2'],
      ['example.com', 'greet', 'v1.2.3', 'pkg:golang/example.com/greet@v1.2.3'],
      // A local-directory replacement keeps the required module's identity.
      ['example.com', 'local', 'v0.0.0', 'pkg:golang/example.com/local@v0.0.0'],
      // A module replacement is what was compiled in.
      ['example.com', 'fork', 'v1.5.0', 'pkg:golang/example.com/fork@v1.5.0'],
      [null, 'stdlib', stdlibVersion(goVersionM(file)?.goVersion ?? ''), expect.stringMatching(/^pkg:golang\/stdlib@v1\./)],
    ]);
    expect(out?.packages?.every((p) => p.type === 'golang' && p.path === 'usr/local/bin/app' && p.licenses.length === 0)).toBe(true);
  });

  it('in a layer read in place, keeps only the ELF programs whose section headers are Go\'s', async () => {
    const goProgram = readFileSync(built['linux-amd64'] as string);
    const cProgram = readFileSync(realpathSync('/usr/bin/ls'));
    // Headers alone tell them apart, through a ByteSource as analyze-layer gives one
    expect(goBinaryAnalyzer.stillWants!({ path: 'app', size: goProgram.length, mode: 0o755 }, bufferSource(goProgram))).toBe(true);
    expect(goBinaryAnalyzer.stillWants!({ path: 'ls', size: cProgram.length, mode: 0o755 }, bufferSource(cProgram))).toBe(false);
    // A stripped-of-sections file keeps being searched for the build info magic
    const noSections = Buffer.from(goProgram);
    noSections.fill(0, 40, 48); // e_shoff = 0
    expect(goBinaryAnalyzer.stillWants!({ path: 'app', size: noSections.length, mode: 0o755 }, bufferSource(noSections))).toBe(true);

    const layer = await makeTar([
      { name: 'usr/local/bin/app', content: goProgram, mode: 0o755 },
      { name: 'usr/bin/ls', content: cProgram, mode: 0o755 },
    ]);
    const file = path.join(dir, 'go-image.tar');
    writeFileSync(file, (await legacySave([layer])).tar);
    const image = await openArchive(file);
    const analyzed: string[] = [];
    const counting = { ...goBinaryAnalyzer, analyze: (e: EntryFacts, c: Buffer) => (analyzed.push(e.path), goBinaryAnalyzer.analyze(e, c)) };
    let packages: string[] = [];
    await image.readLayers(new Set([image.layers[0]!.diffId]), async (info, tar) => {
      packages = (await analyzeLayer(tar, info, { analyzers: [counting], limits: archiveLimits() })).packages.map((p) => p.name);
    });
    expect(analyzed).toEqual(['usr/local/bin/app']);
    expect(packages).toContain('app');
  });

  it('wants ELF executables, .exe files and Mach-O executables, by content', () => {
    const head = (name: string) => readFileSync(built[name] as string).subarray(0, 4096);
    expect(goBinaryAnalyzer.wants({ path: 'app/server', size: 1, mode: 0o755 }, head('linux-amd64'))).toBe(true);
    expect(goBinaryAnalyzer.wants({ path: 'usr/bin/server', size: 1, mode: 0o644 }, head('linux-mips'))).toBe(true);
    expect(goBinaryAnalyzer.wants({ path: 'app/data.bin', size: 1, mode: 0o644 }, head('linux-amd64'))).toBe(false);
    expect(goBinaryAnalyzer.wants({ path: 'app/tool.exe', size: 1, mode: 0o644 }, head('windows-amd64.exe'))).toBe(true);
    expect(goBinaryAnalyzer.wants({ path: 'app/tool', size: 1, mode: 0o755 }, head('darwin-arm64'))).toBe(true);
    expect(goBinaryAnalyzer.wants({ path: 'app/x.sh', size: 1, mode: 0o755 }, Buffer.from('#!/bin/sh\n'))).toBe(false);
  });

  it('a truncated binary gives a note or nothing, never a throw', async () => {
    const whole = readFileSync(built['linux-amd64'] as string);
    for (const cut of [20, 64, 100, 4096, whole.length >> 1, whole.length - 100]) {
      const out = await goBinaryAnalyzer.analyze({ path: 'app/x', size: cut, mode: 0o755 }, whole.subarray(0, cut));
      for (const p of out.packages ?? []) expect(p.type).toBe('golang');
    }
    // Damage just the module info length: the blob no longer decodes.
    const copy = Buffer.from(whole);
    const at = copy.indexOf(GO_BUILDINFO_MAGIC);
    copy.fill(0xff, at + 32, at + 48);
    const out = await goBinaryAnalyzer.analyze({ path: 'app/x', size: copy.length, mode: 0o755 }, copy);
    expect(out).toEqual({ notes: ['app/x: Go build info not read: Go build info header found, but its strings are truncated or out of bounds'] });
  });
});

/** Go programs that come with this machine's packages (golang-go, docker.io, containerd, runc …). */
function machineGoBinaries(): string[] {
  const candidates = [
    '/usr/bin/go',
    '/usr/bin/gofmt',
    '/usr/bin/docker',
    '/usr/sbin/dockerd',
    '/usr/bin/containerd',
    '/usr/bin/containerd-shim-runc-v2',
    '/usr/bin/ctr',
    '/usr/bin/runc',
    '/usr/sbin/runc',
    '/usr/bin/skopeo',
    '/usr/bin/umoci',
    '/usr/bin/docker-registry',
    '/usr/bin/kubectl',
    '/usr/local/bin/docker',
    '/usr/local/bin/terraform',
  ];
  const seen = new Set<string>();
  for (const c of candidates) {
    if (!existsSync(c)) continue;
    const real = realpathSync(c);
    if (statSync(real).isFile()) seen.add(real);
  }
  return [...seen];
}

describe.runIf(GO)('Go programs installed on this machine', () => {
  const files = machineGoBinaries();
  it('finds some', () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    it(`${file}: the same build info as go version -m`, async () => {
      if (goVersionM(file) === null) return; // not a Go binary after all (a wrapper script …)
      expectSameAsGo(file);
      const out = await feed(goBinaryAnalyzer, file.slice(1), readFileSync(file), statSync(file).mode & 0o7777);
      expect(out).not.toBeNull();
      const std = out?.packages?.find((p) => p.name === 'stdlib');
      expect(std?.version).toMatch(/^v1\.\d+\.\d+/);
    });
  }
});

// --- Go ≤ 1.17's pointer format, in ELF files written here ----------------------------------

const INFO_START = Buffer.from([0x30, 0x77, 0xaf, 0x0c, 0x92, 0x74, 0x08, 0x02, 0x41, 0xe1, 0xc1, 0x07, 0xe6, 0xd6, 0x18, 0xe6]);
const INFO_END = Buffer.from([0xf9, 0x32, 0x43, 0x31, 0x86, 0x18, 0x20, 0x72, 0x00, 0x82, 0x42, 0x10, 0x41, 0x16, 0xd8, 0xf2]);

/**
 * A minimal ELF executable as Go 1.13–1.17's linker lays the build info out: a .go.buildinfo
 * section holding the 32-byte header with two pointers to Go string headers {ptr, len}, which
 * point at the strings, all inside one PT_LOAD segment.
 */
function oldFormatElf(bits: 32 | 64, le: boolean, goVersion: string, modText: string): Buffer {
  const ptr = bits / 8;
  const base = 0x400000;
  const ehSize = bits === 64 ? 64 : 52;
  const phSize = bits === 64 ? 56 : 32;
  const shSize = bits === 64 ? 64 : 40;
  const biOff = 0x100;
  const vers = Buffer.from(goVersion);
  const mod = Buffer.concat([INFO_START, Buffer.from(modText), INFO_END]);
  // Layout after the header: string headers, then string data.
  const hdrOff = biOff + 32;
  const versOff = hdrOff + 4 * ptr;
  const modOff = versOff + vers.length;
  const biEnd = modOff + mod.length;
  const shstr = Buffer.from('\0.go.buildinfo\0.shstrtab\0');
  const shstrOff = biEnd;
  const shOff = (shstrOff + shstr.length + 7) & ~7;
  const total = shOff + 3 * shSize;
  const b = Buffer.alloc(total);
  const w16 = (o: number, v: number) => (le ? b.writeUInt16LE(v, o) : b.writeUInt16BE(v, o));
  const w32 = (o: number, v: number) => (le ? b.writeUInt32LE(v, o) : b.writeUInt32BE(v, o));
  const wPtr = (o: number, v: number) => (bits === 64 ? (le ? b.writeBigUInt64LE(BigInt(v), o) : b.writeBigUInt64BE(BigInt(v), o)) : w32(o, v));
  b.set([0x7f, 0x45, 0x4c, 0x46, bits === 64 ? 2 : 1, le ? 1 : 2, 1], 0);
  w16(16, 2); // ET_EXEC
  w16(18, bits === 64 ? 62 : 8); // x86-64 / MIPS
  w32(20, 1);
  if (bits === 64) {
    wPtr(24, base + 0x1000);
    wPtr(32, ehSize); // phoff
    wPtr(40, shOff);
    w16(52, ehSize);
    w16(54, phSize);
    w16(56, 1);
    w16(58, shSize);
    w16(60, 3);
    w16(62, 2);
    // PT_LOAD covering the whole file, RW.
    w32(64, 1);
    w32(68, 6);
    wPtr(72, 0);
    wPtr(80, base);
    wPtr(88, base);
    wPtr(96, total);
    wPtr(104, total);
    wPtr(112, 0x1000);
  } else {
    w32(24, base + 0x1000);
    w32(28, ehSize);
    w32(32, shOff);
    w16(40, ehSize);
    w16(42, phSize);
    w16(44, 1);
    w16(46, shSize);
    w16(48, 3);
    w16(50, 2);
    w32(52, 1);
    w32(56, 0);
    w32(60, base);
    w32(64, base);
    w32(68, total);
    w32(72, total);
    w32(76, 6);
    w32(80, 0x1000);
  }
  // The build info header and its pointers.
  GO_BUILDINFO_MAGIC.copy(b, biOff);
  b[biOff + 14] = ptr;
  b[biOff + 15] = le ? 0 : 1;
  wPtr(biOff + 16, base + hdrOff);
  wPtr(biOff + 16 + ptr, base + hdrOff + 2 * ptr);
  wPtr(hdrOff, base + versOff);
  wPtr(hdrOff + ptr, vers.length);
  wPtr(hdrOff + 2 * ptr, base + modOff);
  wPtr(hdrOff + 3 * ptr, mod.length);
  vers.copy(b, versOff);
  mod.copy(b, modOff);
  shstr.copy(b, shstrOff);
  const section = (i: number, name: number, type: number, flags: number, addr: number, off: number, size: number, align: number) => {
    const o = shOff + i * shSize;
    w32(o, name);
    w32(o + 4, type);
    if (bits === 64) {
      wPtr(o + 8, flags);
      wPtr(o + 16, addr);
      wPtr(o + 24, off);
      wPtr(o + 32, size);
      wPtr(o + 48, align);
    } else {
      w32(o + 8, flags);
      w32(o + 12, addr);
      w32(o + 16, off);
      w32(o + 20, size);
      w32(o + 32, align);
    }
  };
  section(1, 1, 1, 3, base + biOff, biOff, biEnd - biOff, 16); // .go.buildinfo, PROGBITS, WA
  section(2, 15, 3, 0, 0, shstrOff, shstr.length, 1); // .shstrtab
  return b;
}

const OLD_MOD = [
  'path\tgithub.com/acme/tool/cmd/tool',
  'mod\tgithub.com/acme/tool\tv0.3.1\th1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  'dep\tgithub.com/pkg/errors\tv0.9.1\th1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=',
  'dep\tgolang.org/x/text\tv0.3.6',
  '=>\tgolang.org/x/text\tv0.3.8\th1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=',
  '',
].join('\n');

describe('Go ≤ 1.17 build info (pointers resolved through the ELF segments)', () => {
  const cases: Array<[string, 32 | 64, boolean]> = [
    ['ELF64 little-endian', 64, true],
    ['ELF32 big-endian', 32, false],
  ];
  for (const [label, bits, le] of cases) {
    it(`${label}`, async () => {
      const elf = oldFormatElf(bits, le, 'go1.16.15', OLD_MOD);
      const info = readGoBuildInfo(elf);
      expect(info?.goVersion).toBe('go1.16.15');
      expect(info?.path).toBe('github.com/acme/tool/cmd/tool');
      expect(info?.main?.version).toBe('v0.3.1');
      expect(info?.deps.map((d) => [d.path, d.version, d.replace?.version ?? null])).toEqual([
        ['github.com/pkg/errors', 'v0.9.1', null],
        ['golang.org/x/text', 'v0.3.6', 'v0.3.8'],
      ]);
      const out = await feed(goBinaryAnalyzer, 'usr/bin/tool', elf, 0o755);
      expect(out?.packages?.map((p) => `${p.namespace}/${p.name}@${p.version}`)).toEqual([
        'github.com/acme/tool@v0.3.1',
        'github.com/pkg/errors@v0.9.1',
        'golang.org/x/text@v0.3.8',
        'null/stdlib@v1.16.15',
      ]);
    });
  }

  it.runIf(GO)('go version -m reads these files the same way (the oracle)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-go-old-'));
    try {
      for (const [name, bits, le] of [['le64', 64, true], ['be32', 32, false]] as const) {
        const file = path.join(dir, name);
        writeFileSync(file, oldFormatElf(bits, le, 'go1.16.15', OLD_MOD));
        chmodSync(file, 0o755);
        expectSameAsGo(file);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the pointer format in a file without segments to resolve it gives a note', async () => {
    const elf = oldFormatElf(64, true, 'go1.16.15', OLD_MOD);
    const blob = elf.subarray(0x100, 0x100 + 32);
    const pe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(126), blob, Buffer.alloc(64)]);
    const out = await feed(goBinaryAnalyzer, 'app/tool.exe', pe);
    expect(out?.packages).toBeUndefined();
    expect(out?.notes?.[0]).toMatch(/^app\/tool\.exe: Go build info not read: .*pointer format/);
  });
});

describe('non-Go and damaged files', () => {
  it('ELF programs that are not Go give nothing, quickly', async () => {
    for (const file of ['/bin/ls', '/bin/true', '/usr/bin/env']) {
      if (!existsSync(file)) continue;
      const buf = readFileSync(file);
      const t = performance.now();
      const out = await feed(goBinaryAnalyzer, file.slice(1), buf, 0o755);
      expect(performance.now() - t).toBeLessThan(50);
      expect(out).toEqual({});
    }
  });

  it('garbage with the magic in it gives no packages and no throw', async () => {
    const junk = Buffer.alloc(8192, 0x41);
    GO_BUILDINFO_MAGIC.copy(junk, 4096);
    junk[4096 + 14] = 8;
    junk[4096 + 15] = 2;
    junk[4096 + 32] = 0xff; // a varint that never ends
    junk.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
    const out = await goBinaryAnalyzer.analyze({ path: 'x', size: junk.length, mode: 0o755 }, junk);
    expect(out).toEqual({ notes: ['x: Go build info not read: Go build info header found, but its strings are truncated or out of bounds'] });
    // A header claiming section headers far outside the file.
    const bad = Buffer.from(junk);
    bad.writeBigUInt64LE(0xffffffffn, 40);
    bad.writeUInt16LE(64, 58);
    bad.writeUInt16LE(10, 60);
    expect((await goBinaryAnalyzer.analyze({ path: 'x', size: bad.length, mode: 0o755 }, bad)).packages ?? []).toEqual([]);
  });
});

describe('helpers', () => {
  it('stdlib versions as golang.org/x/vuln writes Go releases', () => {
    expect(stdlibVersion('go1.19.8')).toBe('v1.19.8');
    expect(stdlibVersion('go1.20')).toBe('v1.20.0');
    expect(stdlibVersion('go1.21rc2')).toBe('v1.21.0-rc.2');
    expect(stdlibVersion('go1.22.0 X:boringcrypto')).toBe('v1.22.0');
    expect(stdlibVersion('devel go1.23-abc123 Tue')).toBe('devel');
  });

  it('versions stamped with -ldflags -X', () => {
    expect(versionFromLdflags('-X main.version=1.2.3 -s -w')).toBe('1.2.3');
    expect(versionFromLdflags("-s -X 'github.com/acme/tool/internal.Version=v2.0.1-rc.1'")).toBe('v2.0.1-rc.1');
    expect(versionFromLdflags('-X=main.ver=0.9.0')).toBe('0.9.0');
    expect(versionFromLdflags('-X main.commit=abc -X main.version=dev')).toBeNull();
  });

  it('module info lines: replacements, quoted build values, bad lines counted', () => {
    const info = parseModInfo(
      'go1.22.1',
      'path\tx/cmd\nmod\tx\t(devel)\t\ndep\ta/b\tv1.0.0\th1:x=\n=>\t../b\t(devel)\t\n\ndep\tbroken\ndep\t\t(devel)\nbuild\t-ldflags="-X main.version=1.0.0"\nbuild\tGOOS=linux\n',
    );
    expect(info.main).toEqual({ path: 'x', version: '(devel)', sum: '', replace: null });
    expect(info.deps).toEqual([{ path: 'a/b', version: 'v1.0.0', sum: 'h1:x=', replace: { path: '../b', version: '(devel)', sum: '', replace: null } }]);
    expect(info.settings).toEqual([
      ['-ldflags', '-X main.version=1.0.0'],
      ['GOOS', 'linux'],
    ]);
    expect(info.badLines).toBe(1);
  });
});
