// Saved private-registry credentials: the hosts and users (passwords never come back from the
// core), adding and removing one, and the passphrase that unlocks them where no OS keychain
// seals them. Scans of a saved registry use these when they are given no credentials.
import { useState, type FormEvent } from 'react';
import type { SavedRegistry, SecretBoxState } from '../../../shared/contracts/registries';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format/time';
import { READ_ONLY_HINT, useSession } from '../../state/session-store';
import { notify, notifyError } from '../../state/toast-store';
import { useCall } from '../../state/use-call';
import { client } from '../../transport/client';

const ADMIN_HINT = 'Only an administrator can save or remove registry credentials';
const boxNames = { 'os-keychain': 'OS keychain', passphrase: 'Passphrase' } as const;

export function RegistriesSection() {
  const list = useCall(() => client().call('registries.list', {}), []);
  const role = useSession((s) => s.status?.caller.role);
  const box = list.data?.box;
  return (
    <section className="section" aria-labelledby="registries-title" data-testid="registries">
      <div className="section__head">
        <h2 id="registries-title">Registries</h2>
        <button type="button" className="button button--small" onClick={list.reload} disabled={list.loading}>
          {list.loading ? 'Checking…' : 'Refresh'}
        </button>
      </div>
      <p className="muted">
        Credentials for private registries. Scans of images from a saved registry use them when the scan is given none of its own. Passwords are encrypted before they are stored and are never shown again.
      </p>
      {list.error ? <ErrorMessage error={list.error} onRetry={list.reload} /> : null}
      {box ? <BoxStatus box={box} /> : null}
      {box?.kind === 'passphrase' && box.available && box.locked ? <UnlockForm box={box} isAdmin={role === 'administrator'} readOnly={role === 'read-only'} onDone={list.reload} /> : null}
      {list.data ? <SavedList rows={list.data.rows} total={list.data.total} isAdmin={role === 'administrator'} onChanged={list.reload} /> : null}
      {box ? <AddForm box={box} role={role} onSaved={list.reload} /> : null}
    </section>
  );
}

function BoxStatus({ box }: { box: SecretBoxState }) {
  const tone = !box.available ? 'pill--danger' : box.locked ? 'pill--warning' : 'pill--ok';
  const label = !box.available ? 'unavailable' : box.locked ? (box.configured ? 'locked' : 'no passphrase yet') : 'ready';
  return (
    <>
      <dl className="facts" data-testid="registries-box">
        <dt>Encryption</dt>
        <dd>
          {boxNames[box.kind]}{' '}
          <span className={`pill ${tone}`} data-testid="registries-box-state" data-locked={box.locked} data-available={box.available}>
            {label}
          </span>
        </dd>
      </dl>
      {!box.available ? (
        <div className="notice" role="status" data-testid="registries-unavailable">
          Registry credentials can't be saved here: {box.message ?? 'no encryption is available'}. Scans still accept credentials given with each scan.
        </div>
      ) : null}
    </>
  );
}

function UnlockForm({ box, isAdmin, readOnly, onDone }: { box: SecretBoxState; isAdmin: boolean; readOnly: boolean; onDone: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const choosing = !box.configured;
  const mismatch = choosing && confirm !== '' && confirm !== passphrase ? 'The two passphrases differ.' : null;
  const blocked = readOnly ? READ_ONLY_HINT : choosing && !isAdmin ? 'Only an administrator can choose the passphrase' : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!passphrase || blocked || mismatch || (choosing && confirm !== passphrase)) return;
    setBusy(true);
    setError(null);
    try {
      await client().call('registries.unlock', { passphrase });
      setPassphrase('');
      setConfirm('');
      notify('success', choosing ? 'Passphrase chosen' : 'Registry credentials unlocked', choosing ? 'Keep it safe: without it, saved registry passwords cannot be opened.' : undefined);
      onDone();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="dialog__form" onSubmit={(event) => void submit(event)} data-testid="registries-unlock">
      <h3>{choosing ? 'Choose a passphrase' : 'Unlock saved credentials'}</h3>
      <p className="muted">
        {choosing
          ? 'Here passwords are encrypted with a key made from a passphrase you choose (at least 8 characters). Vigil keeps it in memory only: give it again after each start, or set VIGIL_SECRETS_PASSPHRASE.'
          : 'Saved passwords stay encrypted until the passphrase is given; Vigil keeps it in memory only, until it stops (or set VIGIL_SECRETS_PASSPHRASE).'}
      </p>
      <label className="field">
        <span>Passphrase</span>
        <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete={choosing ? 'new-password' : 'current-password'} disabled={blocked !== null} data-testid="registries-passphrase" />
      </label>
      {choosing ? (
        <label className="field">
          <span>Passphrase again</span>
          <input type="password" value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="new-password" disabled={blocked !== null} data-testid="registries-passphrase-confirm" />
        </label>
      ) : null}
      {mismatch ? <p className="form-error">{mismatch}</p> : null}
      {error ? <ErrorMessage error={error} /> : null}
      <div className="form-row">
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || !passphrase || blocked !== null || (choosing && confirm !== passphrase)}
          title={blocked ?? undefined}
          data-testid="registries-unlock-submit"
        >
          {busy ? 'Checking…' : choosing ? 'Choose' : 'Unlock'}
        </button>
        {blocked ? <span className="muted">{blocked}.</span> : null}
      </div>
    </form>
  );
}

function SavedList({ rows, total, isAdmin, onChanged }: { rows: SavedRegistry[]; total: number; isAdmin: boolean; onChanged: () => void }) {
  const [removing, setRemoving] = useState<string | null>(null);
  const remove = async (host: string) => {
    setRemoving(host);
    try {
      await client().call('registries.remove', { host });
      notify('info', 'Registry removed', `The credentials for ${host} are forgotten.`);
      onChanged();
    } catch (error) {
      notifyError(`The credentials for ${host} could not be removed`, error);
    } finally {
      setRemoving(null);
    }
  };
  if (!rows.length) {
    return (
      <p className="muted" data-testid="registries-empty">
        No registry credentials are saved.
      </p>
    );
  }
  return (
    <div className="table-wrap">
      <table className="simple-table" data-testid="registries-table">
        <thead>
          <tr>
            <th>Registry</th>
            <th>User</th>
            <th>TLS</th>
            <th>Updated</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.host} data-testid="registry-row" data-host={row.host}>
              <td className="mono">
                {row.host}
                {row.usable ? null : (
                  <span className="muted" title="Each kind of encryption opens only what it sealed">
                    {' '}
                    — saved with the {row.sealedBy === 'os-keychain' ? 'desktop app’s OS keychain' : 'passphrase of vigil serve'}, not usable here
                  </span>
                )}
              </td>
              <td>{row.username}</td>
              <td>{row.insecure ? <span className="pill pill--warning">insecure allowed</span> : 'verified'}</td>
              <td title={row.updatedAt}>{formatDateTime(row.updatedAt)}</td>
              <td>
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => void remove(row.host)}
                  disabled={!isAdmin || removing !== null}
                  title={isAdmin ? `Forget the credentials for ${row.host}` : ADMIN_HINT}
                  data-testid="registry-remove"
                >
                  {removing === row.host ? 'Removing…' : 'Remove'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > rows.length ? <p className="muted">Showing {rows.length} of {total.toLocaleString()}.</p> : null}
    </div>
  );
}

function AddForm({ box, role, onSaved }: { box: SecretBoxState; role: string | undefined; onSaved: () => void }) {
  const [host, setHost] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [insecure, setInsecure] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const blocked =
    role === 'read-only'
      ? READ_ONLY_HINT
      : role !== 'administrator'
        ? ADMIN_HINT
        : !box.available
          ? "Credentials can't be saved without encryption"
          : box.locked
            ? box.configured
              ? 'Unlock with the passphrase first'
              : 'Choose a passphrase first'
            : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!host.trim() || !username.trim() || !password || blocked) return;
    setSaving(true);
    setError(null);
    try {
      const saved = await client().call('registries.save', { host, username, password, insecure });
      // The password leaves the page's memory as soon as the core has it.
      setPassword('');
      setHost('');
      setUsername('');
      setInsecure(false);
      notify('success', 'Registry saved', `Scans of ${saved.host} images use ${saved.username} when given no credentials.`);
      onSaved();
    } catch (reason) {
      setError(reason);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="dialog__form import-form" onSubmit={(event) => void submit(event)} data-testid="registries-add" autoComplete="off">
      <h3>Add a registry</h3>
      <label className="field">
        <span>Registry</span>
        <input type="text" value={host} onChange={(e) => setHost(e.target.value)} placeholder="registry.example.com:5000 (docker.io for Docker Hub)" spellCheck={false} disabled={blocked !== null} data-testid="registry-host" />
        <span className="field__hint">Host and port only; a URL or an image name is cut down to its host.</span>
      </label>
      <label className="field">
        <span>User</span>
        <input type="text" value={username} onChange={(e) => setUsername(e.target.value)} spellCheck={false} autoComplete="off" disabled={blocked !== null} data-testid="registry-username" />
      </label>
      <label className="field">
        <span>Password or token</span>
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" disabled={blocked !== null} data-testid="registry-password" />
      </label>
      <label className="check-field">
        <input type="checkbox" checked={insecure} onChange={(e) => setInsecure(e.target.checked)} disabled={blocked !== null} data-testid="registry-insecure" />
        Allow plain HTTP or an unverified TLS certificate for this registry
      </label>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="form-row">
        <button
          type="submit"
          className="button button--primary"
          disabled={saving || blocked !== null || !host.trim() || !username.trim() || !password}
          title={blocked ?? undefined}
          data-testid="registry-save"
        >
          {saving ? 'Saving…' : 'Save'}
        </button>
        {blocked ? <span className="muted" data-testid="registries-add-blocked">{blocked}.</span> : null}
      </div>
    </form>
  );
}
