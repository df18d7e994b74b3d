// "Scan an image…": from the local engine, a tarball, an OCI layout, or a registry (one tag,
// or every tag of a repository). Registry credentials go with this scan only.
import { useState, type FormEvent } from 'react';
import type { ImageSpec } from '../../../shared/model/image';
import { scannerKinds, type ScannerKind } from '../../../shared/model/scanner';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { startRepositoryScan, startScan } from './scan-store';

type Kind = ImageSpec['kind'];

const kinds: { value: Kind; label: string; hint: string }[] = [
  { value: 'docker', label: 'Local engine', hint: 'An image in the local Docker or Podman engine, by name:tag or ID.' },
  { value: 'archive', label: 'Tarball', hint: 'A `docker save` tarball (.tar or .tar.gz) or an OCI archive, on the machine that runs the core.' },
  { value: 'oci', label: 'OCI layout', hint: 'An OCI image layout directory (with index.json and blobs/).' },
  { value: 'registry', label: 'Registry', hint: 'Pulled through the Registry HTTP API v2: registry.example.com/team/app:tag, or Docker Hub names like alpine:3.20.' },
];

/** "registry/team/app:tag" or "…@sha256:…" -> "registry/team/app". */
export function repositoryOf(ref: string): string {
  const at = ref.indexOf('@');
  const noDigest = at >= 0 ? ref.slice(0, at) : ref;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

const scannerLabels: Record<ScannerKind, string> = { vuln: 'Vulnerabilities', malware: 'Malware', baseline: 'Baseline', secrets: 'Secrets' };

export function ScanDialog({ onClose, initialKind = 'docker' }: { onClose: () => void; initialKind?: Kind }) {
  const [kind, setKind] = useState<Kind>(initialKind);
  const [ref, setRef] = useState('');
  const [path, setPath] = useState('');
  const [platform, setPlatform] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [insecure, setInsecure] = useState(false);
  const [allTags, setAllTags] = useState(false);
  const [maxTags, setMaxTags] = useState(50);
  const [refresh, setRefresh] = useState(false);
  const [scanners, setScanners] = useState<ScannerKind[]>([...scannerKinds]);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const target = kind === 'archive' || kind === 'oci' ? path.trim() : ref.trim();
  const credentials = kind === 'registry' && username.trim() ? { username: username.trim(), password } : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!target) return;
    setStarting(true);
    setError(null);
    try {
      if (kind === 'registry' && allTags) {
        await startRepositoryScan({ repository: repositoryOf(target), maxTags, credentials, insecure });
      } else {
        const plat = platform.trim() || undefined;
        const spec: ImageSpec =
          kind === 'docker'
            ? { kind, ref: target }
            : kind === 'registry'
              ? { kind, ref: target, platform: plat }
              : { kind, path: target, platform: plat };
        await startScan({ spec, refresh, credentials, insecure: kind === 'registry' ? insecure : false, scanners });
      }
      onClose();
    } catch (reason) {
      setError(reason);
    } finally {
      setStarting(false);
    }
  };

  const hint = kinds.find((k) => k.value === kind)!.hint;
  return (
    <Dialog title="Scan an image" onClose={onClose} testId="scan-dialog" wide>
      <form className="dialog__form" onSubmit={(event) => void submit(event)}>
        <fieldset className="radio-group">
          <legend>Source</legend>
          {kinds.map((k) => (
            <label key={k.value} className="check-field">
              <input type="radio" name="scan-kind" value={k.value} checked={kind === k.value} onChange={() => setKind(k.value)} data-testid={`scan-kind-${k.value}`} />
              {k.label}
            </label>
          ))}
        </fieldset>
        <p className="field__hint">{hint}</p>
        {kind === 'archive' || kind === 'oci' ? (
          <label className="field">
            <span>{kind === 'archive' ? 'Tarball path' : 'Layout directory'}</span>
            <input type="text" value={path} onChange={(e) => setPath(e.target.value)} placeholder={kind === 'archive' ? '/home/me/images/app.tar' : '/home/me/images/app-oci'} spellCheck={false} autoFocus data-testid="scan-path" />
          </label>
        ) : (
          <label className="field">
            <span>{kind === 'registry' && allTags ? 'Repository' : 'Image reference'}</span>
            <input
              type="text"
              value={ref}
              onChange={(e) => setRef(e.target.value)}
              placeholder={kind === 'docker' ? 'nginx:1.27 or sha256:…' : allTags ? 'registry.example.com/team/app' : 'registry.example.com/team/app:1.4'}
              spellCheck={false}
              autoFocus
              data-testid="scan-ref"
            />
            {kind === 'registry' && allTags && ref.trim() && repositoryOf(ref.trim()) !== ref.trim() ? (
              <span className="field__hint">
                Every tag of <span className="mono">{repositoryOf(ref.trim())}</span> is scanned.
              </span>
            ) : null}
          </label>
        )}
        {kind !== 'docker' && !(kind === 'registry' && allTags) ? (
          <label className="field">
            <span>Platform (optional)</span>
            <input type="text" value={platform} onChange={(e) => setPlatform(e.target.value)} placeholder="linux/amd64 — for multi-platform images" spellCheck={false} data-testid="scan-platform" />
          </label>
        ) : null}
        {kind === 'registry' ? (
          <>
            <div className="field-row">
              <label className="field">
                <span>Username (optional)</span>
                <input type="text" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" spellCheck={false} data-testid="scan-username" />
              </label>
              <label className="field">
                <span>Password or token</span>
                <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" disabled={!username.trim()} data-testid="scan-password" />
              </label>
            </div>
            <p className="field__hint">Used for this scan only; Vigil does not store them.</p>
            <label className="check-field">
              <input type="checkbox" checked={insecure} onChange={(e) => setInsecure(e.target.checked)} data-testid="scan-insecure" />
              Insecure registry (plain HTTP or an unverified TLS certificate)
            </label>
            <label className="check-field">
              <input type="checkbox" checked={allTags} onChange={(e) => setAllTags(e.target.checked)} data-testid="scan-all-tags" />
              Scan all tags of this repository
            </label>
            {allTags ? (
              <label className="field field--narrow">
                <span>At most this many tags</span>
                <input type="number" min={1} max={1000} value={maxTags} onChange={(e) => setMaxTags(Math.min(1000, Math.max(1, Number(e.target.value) || 1)))} data-testid="scan-max-tags" />
              </label>
            ) : null}
          </>
        ) : null}
        {!(kind === 'registry' && allTags) ? (
          <fieldset className="check-row" data-testid="scan-scanners">
            <legend>Look for</legend>
            {scannerKinds.map((k) => (
              <label key={k} className="check-field">
                <input
                  type="checkbox"
                  checked={scanners.includes(k)}
                  disabled={scanners.length === 1 && scanners.includes(k)}
                  onChange={(e) => setScanners(e.target.checked ? scannerKinds.filter((x) => x === k || scanners.includes(x)) : scanners.filter((x) => x !== k))}
                  data-testid={`scanner-${k}`}
                />
                {scannerLabels[k]}
              </label>
            ))}
          </fieldset>
        ) : null}
        {!(kind === 'registry' && allTags) ? (
          <label className="check-field">
            <input type="checkbox" checked={refresh} onChange={(e) => setRefresh(e.target.checked)} />
            Analyse every layer again (ignore the layer cache)
          </label>
        ) : null}
        {error ? <ErrorMessage error={error} /> : null}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={!target || starting} data-testid="scan-start">
            {starting ? 'Starting…' : kind === 'registry' && allTags ? 'Scan all tags' : 'Scan'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
