// What seals registry passwords before they reach SQLite (DESIGN §4): the OS keychain on the
// desktop (main/electron/keychain-secret-box.ts), a user passphrase elsewhere
// (passphrase-secret-box.ts). The core only ever sees this interface.
import { RpcError } from '../../../shared/contracts/errors';
import type { SecretBoxKind, SecretBoxState } from '../../../shared/contracts/registries';

export type { SecretBoxKind, SecretBoxState };

export interface SecretBox {
  readonly kind: SecretBoxKind;
  /** True while encrypt/decrypt would refuse (no passphrase yet, or no encryption at all). */
  readonly locked: boolean;
  state(): SecretBoxState;
  /** Throws 'unavailable' when locked. */
  encrypt(plain: string): Buffer;
  /** Throws 'unavailable' when locked, 'conflict' when the bytes do not open with this box. */
  decrypt(sealed: Buffer): string;
  /** Only a passphrase box can be unlocked; others refuse with a reason. */
  unlock?(passphrase: string, options?: { mayChoose?: boolean }): void;
}

/** The error every refusal of a locked or unavailable box uses, with the state's reason. */
export function lockedError(box: SecretBox, doing: string): RpcError {
  const state = box.state();
  return new RpcError('unavailable', `cannot ${doing}: ${state.message ?? 'the secret box is locked'}`, { reason: 'secrets-locked', kind: box.kind });
}
