// electron-builder afterPack hook: flip Electron's fuses in the packed binary, so a shipped Vigil
// cannot be turned into a plain Node runtime (ELECTRON_RUN_AS_NODE, NODE_OPTIONS, --inspect)
// or made to load code from outside its integrity-checked app.asar. electron-builder 26 runs
// this after the asar integrity is embedded and before code signing, which is the order the
// fuses need. @electron/fuses is ESM-only, hence the dynamic import.
'use strict';

const path = require('node:path');

/** Each fuse by its @electron/fuses name; true = on. The one place to change the policy. */
const fuseSettings = Object.freeze({
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableCookieEncryption: true,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  // The renderer is served from app://, never file://; file: needs none of its extra powers.
  GrantFileProtocolExtraPrivileges: false,
});

/**
 * The config for flipFuses. Pure: `fuses` is the @electron/fuses module (its enums), passed in so
 * a test can compute it without touching a binary. Flipping fuses breaks an ad-hoc macOS
 * signature, so it is reset there (a real signature is applied after this hook).
 */
function fuseConfigFor(electronPlatformName, fuses) {
  const { FuseVersion, FuseV1Options } = fuses;
  const config = {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: electronPlatformName === 'darwin' || electronPlatformName === 'mas',
  };
  for (const [name, on] of Object.entries(fuseSettings)) {
    const index = FuseV1Options[name];
    if (typeof index !== 'number') throw new Error(`@electron/fuses does not know the fuse ${name}`);
    config[index] = on;
  }
  return config;
}

/** Where the packed Electron binary is, as electron-builder names it per platform. */
function electronBinaryPath(context) {
  const { electronPlatformName, appOutDir, packager } = context;
  const productFilename = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      // @electron/fuses finds the Electron Framework inside the bundle.
      return path.join(appOutDir, `${productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${productFilename}.exe`);
    case 'linux':
      // Linux binaries use linux.executableName (lower-cased product name by default).
      return path.join(appOutDir, packager.executableName || productFilename);
    default:
      throw new Error(`after-pack: no Electron binary path for platform ${electronPlatformName}`);
  }
}

async function afterPack(context) {
  const fuses = await import('@electron/fuses');
  const binary = electronBinaryPath(context);
  await fuses.flipFuses(binary, fuseConfigFor(context.electronPlatformName, fuses));
  console.log(`  • after-pack: fuses flipped in ${binary}`);
}

module.exports = { afterPack, fuseSettings, fuseConfigFor, electronBinaryPath };
