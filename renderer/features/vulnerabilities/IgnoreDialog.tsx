// Ignore a vulnerability: for every image or for this image only, with a reason (required)
// and an optional expiry. The rule can be undone at any time.
import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { addIgnore } from '../../state/findings-store';

export interface IgnoreTarget {
  vulnId: string;
  imageId: string;
  imageName: string;
  packageName?: string;
}

/** A datetime-local value ("2026-05-01T09:30") as an ISO instant in the user's time zone; null when empty. */
export function expiryToIso(local: string): string | null {
  if (!local.trim()) return null;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Now + days, as a datetime-local value (the input's min and a sensible suggestion). */
export function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function IgnoreDialog({ target, onClose }: { target: IgnoreTarget; onClose: () => void }) {
  const [scope, setScope] = useState<'image' | 'all'>('image');
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setProblem('Say why this vulnerability is ignored.');
      return;
    }
    const expiresAt = expiryToIso(expires);
    if (expires.trim() && expiresAt === null) {
      setProblem('The expiry is not a valid date and time.');
      return;
    }
    if (expiresAt && new Date(expiresAt).getTime() <= Date.now()) {
      setProblem('The expiry must be in the future.');
      return;
    }
    setProblem(null);
    setSaving(true);
    setError(null);
    try {
      await addIgnore({ vulnId: target.vulnId, imageId: scope === 'image' ? target.imageId : null, reason: reason.trim(), expiresAt });
      onClose();
    } catch (reasonError) {
      setError(reasonError);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog title={`Ignore ${target.vulnId}`} onClose={onClose} testId="ignore-dialog">
      <form className="dialog__form" onSubmit={(event) => void submit(event)}>
        <p className="muted">
          Ignored findings stay in reports, marked, but no longer count{target.packageName ? ` (found in ${target.packageName})` : ''}. You can undo this at any time.
        </p>
        <fieldset className="radio-group">
          <legend>Scope</legend>
          <label className="check-field">
            <input type="radio" name="ignore-scope" checked={scope === 'image'} onChange={() => setScope('image')} data-testid="ignore-scope-image" />
            <span>
              This image only (<span className="mono">{target.imageName}</span>)
            </span>
          </label>
          <label className="check-field">
            <input type="radio" name="ignore-scope" checked={scope === 'all'} onChange={() => setScope('all')} data-testid="ignore-scope-all" />
            All images
          </label>
        </fieldset>
        <label className="field">
          <span>Reason (required)</span>
          <textarea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} required placeholder="e.g. the vulnerable function is not reachable; fixed in the next base image" autoFocus data-testid="ignore-reason" />
        </label>
        <label className="field field--narrow">
          <span>Expires (optional)</span>
          <input type="datetime-local" value={expires} min={localInputValue(new Date())} onChange={(e) => setExpires(e.target.value)} data-testid="ignore-expires" />
        </label>
        {problem ? (
          <p className="form-error" role="alert">
            {problem}
          </p>
        ) : null}
        {error ? <ErrorMessage error={error} /> : null}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={saving || !reason.trim()} data-testid="ignore-save">
            {saving ? 'Saving…' : 'Ignore'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
