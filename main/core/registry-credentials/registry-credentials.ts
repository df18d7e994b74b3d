// Saved registry credentials as the rest of the core uses them: save/list/remove for the
// Settings page, and credentialsFor(ref) for scans that were given no credentials of their own.
// Passwords are sealed by the SecretBox before they reach the repository and opened only here.
import { RpcError } from '../../../shared/contracts/errors';
import type { SavedRegistry, SecretBoxKind, SecretBoxState } from '../../../shared/contracts/registries';
import type { Db } from '../store/database';
import { CredentialRepository, type CredentialRow } from './credential-repository';
import { normaliseRegistryHost, registryHostOfReference } from './registry-host';
import { lockedError, type SecretBox } from './secret-box';

/** What a registry pull needs; insecure is the saved opt-in to plain HTTP or unverified TLS. */
export interface RegistryCredential {
  username: string;
  password: string;
  insecure: boolean;
}

export interface SaveCredentialInput {
  host: string;
  username: string;
  password: string;
  insecure: boolean;
}

const boxLabel: Record<SecretBoxKind, string> = { 'os-keychain': 'OS keychain (the desktop app)', passphrase: 'passphrase' };

export class RegistryCredentials {
  constructor(
    private readonly store: { readonly ready: boolean; db(): Db },
    readonly box: SecretBox,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The box's state, unavailable whatever the box when there is no database to keep passwords in. */
  state(): SecretBoxState {
    if (!this.store.ready) {
      let reason = 'the database is not open';
      try {
        this.store.db();
      } catch (error) {
        reason = RpcError.from(error).message;
      }
      return { kind: this.box.kind, available: false, locked: true, configured: false, message: `the database is not available (${reason})` };
    }
    return this.box.state();
  }

  /** With no database the list is empty and the state says why, so Settings can explain it. */
  list(offset = 0, limit = 100): { box: SecretBoxState; rows: SavedRegistry[]; total: number } {
    if (!this.store.ready) return { box: this.state(), rows: [], total: 0 };
    const page = this.repo().list(offset, limit);
    return { box: this.state(), rows: page.rows.map((row) => this.toSaved(row)), total: page.total };
  }

  save(input: SaveCredentialInput): SavedRegistry {
    const host = normaliseRegistryHost(input.host);
    if (this.box.locked) throw lockedError(this.box, `save the credentials for ${host}`);
    const sealed = this.box.encrypt(input.password);
    const row = this.repo().save({ host, username: input.username, sealed, sealedBy: this.box.kind, insecure: input.insecure, at: this.now().toISOString() });
    return this.toSaved(row);
  }

  remove(host: string): boolean {
    return this.repo().remove(normaliseRegistryHost(host));
  }

  /** mayChoose: whether this caller may choose the passphrase when none exists yet. */
  unlock(passphrase: string, options: { mayChoose: boolean }): SecretBoxState {
    if (!this.box.unlock) {
      throw new RpcError('conflict', `passwords here are sealed by the ${boxLabel[this.box.kind]}; there is no passphrase to give`);
    }
    this.box.unlock(passphrase, options);
    return this.state();
  }

  /**
   * The saved credentials for the registry an image reference pulls from ("alpine" → docker.io,
   * "localhost:5000/team/app:1.0" → localhost:5000), or null when none are saved, the database
   * is not open, or the saved ones cannot be opened here. In that last case onUnusable gets the
   * reason (box locked, sealed by the desktop's keychain, damaged): a public image still pulls
   * anonymously, and a private one fails with that reason worth showing next to the 401.
   */
  credentialsFor(ref: string, onUnusable?: (reason: string) => void): RegistryCredential | null {
    const host = registryHostOfReference(ref);
    if (!host || !this.store.ready) return null;
    const saved = this.repo().get(host);
    if (!saved) return null;
    try {
      if (saved.sealedBy !== this.box.kind) {
        throw new RpcError(
          'unavailable',
          `the credentials saved for ${host} were sealed by the ${boxLabel[saved.sealedBy]}, which this Vigil does not use; save them again here or give credentials with the scan`,
        );
      }
      if (this.box.locked) throw lockedError(this.box, `use the credentials saved for ${host}`);
      return { username: saved.username, password: this.box.decrypt(saved.sealed), insecure: saved.insecure };
    } catch (error) {
      onUnusable?.(RpcError.from(error).message);
      return null;
    }
  }

  private repo(): CredentialRepository {
    return new CredentialRepository(this.store.db());
  }

  private toSaved(row: CredentialRow): SavedRegistry {
    return { ...row, usable: row.sealedBy === this.box.kind };
  }
}
