// Online backup of the database to a file; the copy runs as a task in the core.
import { useState, type FormEvent } from 'react';
import { READ_ONLY_HINT, useReadOnly, useSession } from '../../state/session-store';
import { notify, notifyError } from '../../state/toast-store';
import { client } from '../../transport/client';

export function BackupForm() {
  const [destination, setDestination] = useState('');
  const [starting, setStarting] = useState(false);
  const readOnly = useReadOnly();
  const storeReady = useSession((s) => s.status?.store.state === 'ready');
  const blocked = readOnly ? READ_ONLY_HINT : storeReady ? null : 'The database is not available';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const path = destination.trim();
    if (!path || blocked) return;
    setStarting(true);
    try {
      await client().call('system.backup', { destination: path });
      notify('info', 'Backup started', `Copying the database to ${path}; progress is in the task bar.`);
    } catch (error) {
      notifyError('The backup could not start', error);
    } finally {
      setStarting(false);
    }
  };

  return (
    <section className="section" aria-labelledby="backup-title">
      <h2 id="backup-title">Back up the database</h2>
      <p className="muted">A consistent copy, taken while Vigil keeps running. The path is on the machine that runs the core.</p>
      <form className="form-row" onSubmit={(event) => void submit(event)} data-testid="backup-form">
        <label htmlFor="backup-destination">Destination file</label>
        <input
          id="backup-destination"
          type="text"
          value={destination}
          onChange={(event) => setDestination(event.target.value)}
          placeholder="/home/me/vigil-backup.db"
          disabled={readOnly}
          spellCheck={false}
          data-testid="backup-destination"
        />
        <button type="submit" className="button button--primary" disabled={!destination.trim() || starting || blocked !== null} title={blocked ?? undefined} data-testid="backup-start">
          {starting ? 'Starting…' : 'Back up'}
        </button>
      </form>
      {blocked ? <p className="muted">{blocked}.</p> : null}
    </section>
  );
}
