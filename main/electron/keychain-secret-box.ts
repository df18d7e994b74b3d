// The desktop's secret box: Electron's safeStorage, whose key the OS keeps (Keychain on macOS,
// DPAPI on Windows, libsecret/KWallet on Linux). Linux without a secret store falls back to
// "basic_text", a key hard-coded in Chromium: that protects nothing, so it does not count.
import type { SafeStorage } from 'electron';
import { RpcError } from '../../shared/contracts/errors';
import type { SecretBoxState } from '../../shared/contracts/registries';
import { lockedError, type SecretBox } from '../core/registry-credentials/secret-box';

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

/** Why the OS keychain cannot protect secrets here, or null when it can (call after 'ready'). */
export function keychainProblem(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): string | null {
  if (!safeStorage.isEncryptionAvailable()) return 'the OS keychain is not available to Vigil';
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return 'no secret store (GNOME Keyring, KWallet) is running, and Electron would use a built-in key that protects nothing';
  }
  return null;
}

export class KeychainSecretBox implements SecretBox {
  readonly kind = 'os-keychain' as const;

  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  get locked(): boolean {
    return keychainProblem(this.safeStorage, this.platform) !== null;
  }

  // Checked on every use: a keychain can be denied or stop after start (a locked login keychain).
  state(): SecretBoxState {
    const problem = keychainProblem(this.safeStorage, this.platform);
    return problem
      ? {
          kind: this.kind,
          available: false,
          locked: true,
          configured: false,
          message: `${problem}: registry credentials cannot be saved; scans still accept credentials given with each scan`,
        }
      : { kind: this.kind, available: true, locked: false, configured: true, message: null };
  }

  encrypt(plain: string): Buffer {
    if (this.locked) throw lockedError(this, 'encrypt the password');
    return this.safeStorage.encryptString(plain);
  }

  decrypt(sealed: Buffer): string {
    if (this.locked) throw lockedError(this, 'open the saved password');
    try {
      return this.safeStorage.decryptString(sealed);
    } catch (error) {
      // The message is Electron's, about the bytes, never the secret.
      const reason = error instanceof Error ? error.message : String(error);
      throw new RpcError('conflict', `the saved password cannot be opened with the OS keychain (${reason}); save it again`);
    }
  }
}

/** The box for createCore: the keychain when it protects anything, else null (the core then uses a passphrase). */
export function desktopSecretBox(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): { box: KeychainSecretBox | null; problem: string | null } {
  const problem = keychainProblem(safeStorage, platform);
  return { box: problem ? null : new KeychainSecretBox(safeStorage, platform), problem };
}
