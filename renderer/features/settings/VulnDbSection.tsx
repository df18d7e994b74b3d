// The offline vulnerability database: its state, build and import dates, sources and counts,
// and a form to import advisories (OSV JSON/YAML folders or zips, Alpine secdb, Debian tracker).
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatAge, formatDateTime } from '../../format/time';
import { READ_ONLY_HINT, useReadOnly } from '../../state/session-store';
import { useFinishedCount, useTask } from '../../state/tasks-store';
import { notify } from '../../state/toast-store';
import { useCall } from '../../state/use-call';
import { client } from '../../transport/client';

const stateTone = { ready: 'pill--ok', missing: 'pill--warning', error: 'pill--danger' } as const;

/** Paths typed one per line; blank lines dropped (a path may contain commas or spaces). */
export function parsePaths(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** " — 28 advisories from alpine-secdb:…" from the import task's result, when it has one. */
export function importSummary(result: unknown): string {
  if (!result || typeof result !== 'object') return '';
  const r = result as { advisories?: unknown; corrupt?: unknown; sources?: unknown };
  if (typeof r.advisories !== 'number') return '';
  const corrupt = typeof r.corrupt === 'number' && r.corrupt > 0 ? `, ${r.corrupt.toLocaleString()} unreadable skipped` : '';
  const sources = Array.isArray(r.sources) && r.sources.length ? ` from ${r.sources.join(', ')}` : '';
  return ` — ${r.advisories.toLocaleString()} advisories${sources}${corrupt}`;
}

export function VulnDbSection() {
  const imports = useFinishedCount('vulndb.import');
  const status = useCall(() => client().call('vulndb.status', {}), [imports]);
  const s = status.data;
  return (
    <section className="section" aria-labelledby="vulndb-title" data-testid="vulndb">
      <div className="section__head">
        <h2 id="vulndb-title">Vulnerability database</h2>
        <button type="button" className="button button--small" onClick={status.reload} disabled={status.loading}>
          {status.loading ? 'Checking…' : 'Refresh'}
        </button>
      </div>
      <p className="muted">Scans match packages against this offline database. Nothing is downloaded: import advisory files you brought in.</p>
      {status.error ? <ErrorMessage error={status.error} onRetry={status.reload} /> : null}
      {s ? (
        <>
          <dl className="facts" data-testid="vulndb-facts">
            <dt>State</dt>
            <dd>
              <span className={`pill ${stateTone[s.state]}`} data-testid="vulndb-state">
                {s.state}
              </span>
              {s.state === 'missing' ? <span className="muted"> — no advisories imported yet; scans find packages but no vulnerabilities.</span> : null}
            </dd>
            <dt>File</dt>
            <dd className="mono">{s.path}</dd>
            <dt>Built</dt>
            <dd title={s.builtAt ?? undefined}>{s.builtAt ? `${formatDateTime(s.builtAt)} (${formatAge(s.builtAt)})` : '—'}</dd>
            <dt>Imported</dt>
            <dd title={s.importedAt ?? undefined}>{s.importedAt ? `${formatDateTime(s.importedAt)} (${formatAge(s.importedAt)})` : '—'}</dd>
            <dt>Advisories</dt>
            <dd data-testid="vulndb-advisories">{s.advisories.toLocaleString()}</dd>
            {s.error ? (
              <>
                <dt>Error</dt>
                <dd className="form-error">{s.error}</dd>
              </>
            ) : null}
          </dl>
          {s.sources.length ? (
            <div className="table-wrap">
              <table className="simple-table" data-testid="vulndb-sources">
                <thead>
                  <tr>
                    <th>Source</th>
                    <th>Kind</th>
                    <th className="num">Advisories</th>
                    <th>Digest</th>
                  </tr>
                </thead>
                <tbody>
                  {s.sources.map((src) => (
                    <tr key={`${src.kind}:${src.name}`}>
                      <td>{src.name}</td>
                      <td>{src.kind}</td>
                      <td className="num">{src.advisories.toLocaleString()}</td>
                      <td className="mono" title={src.digest ?? undefined}>
                        {src.digest ? src.digest.replace(/^sha256:/, '').slice(0, 16) : '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
      <ImportForm />
    </section>
  );
}

function ImportForm() {
  const readOnly = useReadOnly();
  const [paths, setPaths] = useState('');
  const [sha256, setSha256] = useState('');
  const [replace, setReplace] = useState(false);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [taskId, setTaskId] = useState<string | null>(null);
  const task = useTask(taskId);
  const list = parsePaths(paths);
  const digest = sha256.trim().replace(/^sha256:/i, '');
  const digestProblem = digest && !/^[a-f0-9]{64}$/i.test(digest) ? 'The SHA-256 must be 64 hexadecimal digits.' : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!list.length || digestProblem || readOnly) return;
    setStarting(true);
    setError(null);
    try {
      const started = await client().call('vulndb.import', { paths: list, sha256: digest || undefined, replace });
      setTaskId(started.taskId);
      notify('info', 'Import started', `Importing advisories from ${list.length === 1 ? list[0] : `${list.length} paths`}; progress is in the task bar.`);
    } catch (reason) {
      setError(reason);
    } finally {
      setStarting(false);
    }
  };

  return (
    <form className="dialog__form import-form" onSubmit={(event) => void submit(event)} data-testid="vulndb-import">
      <h3>Import advisories</h3>
      <label className="field">
        <span>Files or folders, one per line (on the machine that runs the core)</span>
        <textarea value={paths} onChange={(e) => setPaths(e.target.value)} placeholder={'/data/advisories/osv-alpine.zip\n/data/advisories/go-osv/'} spellCheck={false} disabled={readOnly} data-testid="vulndb-paths" />
        <span className="field__hint">OSV JSON or YAML (folders or zips), Alpine secdb, Debian security tracker JSON.</span>
      </label>
      <label className="field">
        <span>Expected SHA-256 of the file (optional)</span>
        <input type="text" value={sha256} onChange={(e) => setSha256(e.target.value)} placeholder="64 hexadecimal digits, checked before anything is imported" spellCheck={false} disabled={readOnly} data-testid="vulndb-sha256" />
      </label>
      {digestProblem ? <p className="form-error">{digestProblem}</p> : null}
      <label className="check-field">
        <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} disabled={readOnly} data-testid="vulndb-replace" />
        Replace the database (otherwise the advisories are added to what is there)
      </label>
      {error ? <ErrorMessage error={error} /> : null}
      {task ? (
        <p className={task.state === 'failed' || task.state === 'interrupted' ? 'form-error' : 'muted'} role="status" data-testid="vulndb-import-state" data-state={task.state}>
          Last import: {task.state === 'running' ? `${task.message}${task.progress !== null ? ` (${Math.round(task.progress * 100)}%)` : ''}` : task.state}
          {task.state === 'succeeded' ? importSummary(task.result) : ''}
          {task.error ? ` — ${task.error.code}: ${task.error.message}` : ''}
        </p>
      ) : null}
      <div className="form-row">
        <button type="submit" className="button button--primary" disabled={readOnly || starting || !list.length || digestProblem !== null} title={readOnly ? READ_ONLY_HINT : undefined} data-testid="vulndb-import-start">
          {starting ? 'Starting…' : 'Import'}
        </button>
        {readOnly ? <span className="muted">{READ_ONLY_HINT}.</span> : null}
      </div>
    </form>
  );
}
