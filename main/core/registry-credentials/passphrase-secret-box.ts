// The secret box where no OS keychain is available (`vigil serve`, the CLI, a desktop without
// one): a key derived from the user's passphrase with scrypt (random salt kept in the database),
// AES-256-GCM per secret with a random IV. The key lives in this process's memory only; the
// passphrase comes from VIGIL_SECRETS_PASSPHRASE or registries.unlock.
import crypto from 'node:crypto';
import { RpcError } from '../../../shared/contracts/errors';
import type { SecretBoxState } from '../../../shared/contracts/registries';
import type { Db } from '../store/database';
import { lockedError, type SecretBox } from './secret-box';
import { SecretBoxMetaStore } from './secret-box-meta';

export const PASSPHRASE_ENV = 'VIGIL_SECRETS_PASSPHRASE';
export const MIN_PASSPHRASE_LENGTH = 8;

/** scrypt cost: about 0.1 s and 32 MiB per derivation, paid once per unlock. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}
export const DEFAULT_SCRYPT: ScryptParams = { N: 1 << 15, r: 8, p: 1 };

const FORMAT = 1; // first byte of every sealed value, so the layout can change later
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const VERIFIER_TEXT = 'vigil secret box verifier';

function formatKdf(params: ScryptParams): string {
  return `scrypt$N=${params.N}$r=${params.r}$p=${params.p}`;
}

function parseKdf(text: string): ScryptParams {
  const match = /^scrypt\$N=(\d+)\$r=(\d+)\$p=(\d+)$/.exec(text);
  if (!match) throw new RpcError('internal', `the secret box uses an unknown key derivation (${text}); this Vigil cannot open it`);
  return { N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
}

function deriveKey(passphrase: string, salt: Buffer, params: ScryptParams): Buffer {
  // maxmem above scrypt's 128·N·r so that Node does not refuse the default cost.
  return crypto.scryptSync(passphrase.normalize('NFC'), salt, KEY_BYTES, { ...params, maxmem: 256 * params.N * params.r });
}

export function sealWithKey(key: Buffer, plain: string): Buffer {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT]), iv, cipher.getAuthTag(), body]);
}

/** The plain text, or null when the bytes were not sealed by this key (or were changed). */
export function openWithKey(key: Buffer, sealed: Buffer): string | null {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== FORMAT) return null;
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

export interface PassphraseSecretBoxOptions {
  env?: NodeJS.ProcessEnv;
  /** Tests lower the cost; a chosen passphrase keeps the parameters it was chosen with. */
  scrypt?: ScryptParams;
  now?: () => Date;
  /** Where a wrong VIGIL_SECRETS_PASSPHRASE is reported (never with the passphrase in it). */
  warn?: (message: string) => void;
}

export class PassphraseSecretBox implements SecretBox {
  readonly kind = 'passphrase' as const;
  private key: Buffer | null = null;
  private envTried = false;
  private envProblem: string | null = null;
  private readonly meta: SecretBoxMetaStore;

  constructor(
    private readonly db: () => Db,
    private readonly options: PassphraseSecretBoxOptions = {},
  ) {
    this.meta = new SecretBoxMetaStore(db);
  }

  get locked(): boolean {
    this.tryEnv();
    return this.key === null;
  }

  state(): SecretBoxState {
    this.tryEnv();
    let configured: boolean;
    try {
      configured = this.meta.read() !== null;
    } catch (error) {
      return { kind: this.kind, available: false, locked: true, configured: false, message: `the database is not available (${RpcError.from(error).message})` };
    }
    if (this.key) return { kind: this.kind, available: true, locked: false, configured: true, message: null };
    const message = !configured
      ? `no passphrase has been chosen yet: choose one in Settings → Registries (or set ${PASSPHRASE_ENV}) to save registry credentials`
      : (this.envProblem ?? `saved registry credentials are locked: give the passphrase in Settings → Registries or set ${PASSPHRASE_ENV}`);
    return { kind: this.kind, available: true, locked: true, configured, message };
  }

  /**
   * Open the box with the passphrase. Before any passphrase was chosen, this chooses it when
   * mayChoose is true (callers decide who may choose). A wrong passphrase leaves the box as it was.
   */
  unlock(passphrase: string, options: { mayChoose?: boolean } = {}): void {
    const meta = this.meta.read();
    if (!meta) {
      if (!options.mayChoose) {
        throw new RpcError('forbidden', 'no passphrase has been chosen yet, and choosing it is for administrators');
      }
      this.choose(passphrase);
      return;
    }
    const key = deriveKey(passphrase, meta.salt, parseKdf(meta.kdf));
    if (openWithKey(key, meta.verifier) !== VERIFIER_TEXT) {
      key.fill(0);
      throw new RpcError('invalid_input', 'passphrase: wrong passphrase; it does not open the saved registry credentials', { field: 'passphrase' });
    }
    this.replaceKey(key);
    this.envProblem = null;
  }

  /** Forget the key (zeroed): saving and using credentials need the passphrase again. */
  lock(): void {
    this.replaceKey(null);
  }

  encrypt(plain: string): Buffer {
    if (this.locked) throw lockedError(this, 'encrypt the password');
    return sealWithKey(this.key!, plain);
  }

  decrypt(sealed: Buffer): string {
    if (this.locked) throw lockedError(this, 'open the saved password');
    const plain = openWithKey(this.key!, sealed);
    if (plain === null) throw new RpcError('conflict', 'the saved password cannot be opened with this passphrase (it is damaged or was sealed with another key); save it again');
    return plain;
  }

  private choose(passphrase: string): void {
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
      throw new RpcError('invalid_input', `passphrase: choose at least ${MIN_PASSPHRASE_LENGTH} characters`, { field: 'passphrase' });
    }
    const params = this.options.scrypt ?? DEFAULT_SCRYPT;
    const salt = crypto.randomBytes(16);
    const key = deriveKey(passphrase, salt, params);
    const created = this.meta.create({ kdf: formatKdf(params), salt, verifier: sealWithKey(key, VERIFIER_TEXT), createdAt: (this.options.now?.() ?? new Date()).toISOString() });
    if (created) {
      this.replaceKey(key);
      this.envProblem = null;
      return;
    }
    // Another process (the desktop app, `vigil serve`) chose one a moment ago: this must match it.
    key.fill(0);
    this.unlock(passphrase);
  }

  private replaceKey(key: Buffer | null): void {
    this.key?.fill(0);
    this.key = key;
  }

  /** VIGIL_SECRETS_PASSPHRASE is tried once, on first use, so commands that never need it pay nothing. */
  private tryEnv(): void {
    if (this.envTried || this.key) return;
    this.envTried = true;
    const passphrase = this.options.env?.[PASSPHRASE_ENV];
    if (!passphrase) return;
    try {
      this.unlock(passphrase, { mayChoose: true });
    } catch (error) {
      const reason = RpcError.from(error).message;
      this.envProblem = `${PASSPHRASE_ENV} did not unlock the saved registry credentials (${reason}); give the passphrase in Settings → Registries`;
      this.options.warn?.(`vigil: ${this.envProblem}`);
    }
  }
}
