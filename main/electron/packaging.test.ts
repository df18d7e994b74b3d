// Packaging: electron-builder.yml has what a hardened, offline-capable build needs, and the
// afterPack hook flips the fuses (checked on a stand-in binary that carries a real fuse wire).
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import * as fuses from '@electron/fuses';

const root = path.resolve(__dirname, '..', '..');

interface AfterPackContext {
  electronPlatformName: string;
  appOutDir: string;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}
interface AfterPackModule {
  afterPack(context: AfterPackContext): Promise<void>;
  fuseSettings: Readonly<Record<string, boolean>>;
  fuseConfigFor(platform: string, fusesModule: typeof fuses): Record<string | number, unknown>;
  electronBinaryPath(context: AfterPackContext): string;
}
const hook = createRequire(import.meta.url)('../../scripts/after-pack.cjs') as AfterPackModule;

const builder = YAML.parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };

const targetsOf = (platform: string) =>
  (builder[platform].target as Array<string | { target: string }>).map((t) => (typeof t === 'string' ? t : t.target));

describe('electron-builder.yml', () => {
  it('names the app and packs the build and the manifest', () => {
    expect(builder.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(builder.productName).toBe('Vigil');
    expect(builder.files).toEqual(expect.arrayContaining(['dist/**/*', 'package.json']));
    expect(pkg.main).toBe('dist/main/electron/main.js');
  });

  it('unpacks better-sqlite3 and native addons from the asar and rebuilds them for Electron', () => {
    expect(builder.asar).not.toBe(false);
    expect(builder.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3/**', '**/*.node']));
    expect(builder.npmRebuild).toBe(true);
  });

  it('builds AppImage and deb for Linux, a hardened dmg for macOS, nsis for Windows', () => {
    expect(targetsOf('linux')).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(builder.linux.maintainer).toMatch(/<.+@.+>/);
    expect(builder.linux.category).toBeTruthy();
    expect(targetsOf('mac')).toContain('dmg');
    expect(builder.mac.hardenedRuntime).toBe(true);
    expect(targetsOf('win')).toContain('nsis');
  });

  it('runs the fuse hook after packing', () => {
    expect(builder.afterPack).toBe('./scripts/after-pack.cjs');
    expect(existsSync(path.join(root, builder.afterPack))).toBe(true);
  });

  it('points every platform at a 512x512 PNG icon', () => {
    for (const platform of ['linux', 'mac', 'win']) {
      const icon = readFileSync(path.join(root, builder[platform].icon));
      expect(icon.subarray(1, 4).toString('ascii'), platform).toBe('PNG');
      expect([icon.readUInt32BE(16), icon.readUInt32BE(20)], platform).toEqual([512, 512]);
    }
    expect(readFileSync(path.join(root, 'resources', 'icon.svg'), 'utf8')).toContain('<svg');
  });
});

describe('after-pack fuses', () => {
  const { FuseV1Options, FuseVersion } = fuses;

  it('turns off run-as-node, NODE_OPTIONS and --inspect; turns on cookie encryption, asar-only and asar integrity', () => {
    const config = hook.fuseConfigFor('linux', fuses);
    expect(config.version).toBe(FuseVersion.V1);
    expect(config[FuseV1Options.RunAsNode]).toBe(false);
    expect(config[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(config[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(config[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(config[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(config[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(config[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  });

  it('resets the ad-hoc signature on macOS only', () => {
    expect(hook.fuseConfigFor('darwin', fuses).resetAdHocDarwinSignature).toBe(true);
    expect(hook.fuseConfigFor('mas', fuses).resetAdHocDarwinSignature).toBe(true);
    expect(hook.fuseConfigFor('linux', fuses).resetAdHocDarwinSignature).toBe(false);
    expect(hook.fuseConfigFor('win32', fuses).resetAdHocDarwinSignature).toBe(false);
  });

  it('finds the packed binary per platform', () => {
    const packager = { appInfo: { productFilename: 'Vigil' }, executableName: 'vigil' };
    const at = (electronPlatformName: string) => hook.electronBinaryPath({ electronPlatformName, appOutDir: '/out', packager });
    expect(at('linux')).toBe(path.join('/out', 'vigil'));
    expect(at('win32')).toBe(path.join('/out', 'Vigil.exe'));
    expect(at('darwin')).toBe(path.join('/out', 'Vigil.app'));
    expect(() => at('aix')).toThrow(/no Electron binary/);
  });

  describe('on a binary', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-fuses-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('flips the fuse wire as configured', async () => {
      // Electron's defaults: RunAsNode, NODE_OPTIONS, --inspect and file: privileges on, the rest off.
      const { ENABLE: on, DISABLE: off } = fuses.FuseState;
      const wire = [on, off, on, on, off, off, off, on, on];
      const sentinel = Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX');
      const binary = path.join(dir, 'vigil');
      writeFileSync(binary, Buffer.concat([Buffer.alloc(4096, 0x90), sentinel, Buffer.from([1, wire.length, ...wire]), Buffer.alloc(4096, 0x90)]));

      await hook.afterPack({ electronPlatformName: 'linux', appOutDir: dir, packager: { appInfo: { productFilename: 'Vigil' }, executableName: 'vigil' } });

      const after = (await fuses.getCurrentFuseWire(binary)) as unknown as Record<number, number>;
      expect(after[FuseV1Options.RunAsNode]).toBe(off);
      expect(after[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(off);
      expect(after[FuseV1Options.EnableNodeCliInspectArguments]).toBe(off);
      expect(after[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(off);
      expect(after[FuseV1Options.EnableCookieEncryption]).toBe(on);
      expect(after[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(on);
      expect(after[FuseV1Options.OnlyLoadAppFromAsar]).toBe(on);
      // Fuses the hook does not set keep Electron's value.
      expect(after[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(off);
      expect(after[FuseV1Options.WasmTrapHandlers]).toBe(on);
    });
  });
});
