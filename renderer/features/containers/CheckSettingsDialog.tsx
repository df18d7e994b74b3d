// The two lists the container checks take: host paths that are safe to mount, and images that
// must not run. One entry per line; saving replaces both lists and checks the containers again.
import { useEffect, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { READ_ONLY_HINT, useReadOnly } from '../../state/session-store';
import { client } from '../../transport/client';
import { useContainerChecks } from './container-checks-store';

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

export function CheckSettingsDialog({ onClose }: { onClose: () => void }) {
  const readOnly = useReadOnly();
  const [safeMounts, setSafeMounts] = useState<string | null>(null);
  const [blockedImages, setBlockedImages] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    client()
      .call('containers.checkSettings.get')
      .then((s) => {
        setSafeMounts(s.safeMounts.join('\n'));
        setBlockedImages(s.blockedImages.join('\n'));
      }, setError);
  }, []);

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await client().call('containers.checkSettings.set', { safeMounts: lines(safeMounts ?? ''), blockedImages: lines(blockedImages ?? '') });
      void useContainerChecks.getState().load();
      onClose();
    } catch (e) {
      setError(e);
      setSaving(false);
    }
  };

  const loaded = safeMounts !== null && blockedImages !== null;
  return (
    <Dialog title="Container check settings" onClose={onClose} testId="check-settings" wide>
      <div className="check-settings">
        <label className="check-settings__field">
          <span>Safe host mounts</span>
          <span className="muted">
            Host paths (and everything under them) a container may mount without an alert. /etc/hosts, /etc/resolv.conf and /etc/hostname are always allowed.
          </span>
          <textarea rows={5} value={safeMounts ?? ''} onChange={(e) => setSafeMounts(e.target.value)} disabled={!loaded || readOnly} placeholder="/etc/ssl/certs" data-testid="safe-mounts" spellCheck={false} />
        </label>
        <label className="check-settings__field">
          <span>Image block list</span>
          <span className="muted">
            A container from one of these images fails the 容器镜像阻断 check: an exact reference (nginx:1.25), a repository for all its tags (nginx), an image ID (sha256:…) or a glob (docker.io/library/xmrig*, *miner*). Docker Hub names may be short.
          </span>
          <textarea rows={5} value={blockedImages ?? ''} onChange={(e) => setBlockedImages(e.target.value)} disabled={!loaded || readOnly} placeholder="docker.io/library/xmrig*" data-testid="blocked-images" spellCheck={false} />
        </label>
        {error ? <ErrorMessage error={error} compact /> : null}
        <div className="check-settings__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button button--primary" onClick={() => void save()} disabled={!loaded || readOnly || saving} title={readOnly ? READ_ONLY_HINT : undefined} data-testid="check-settings-save">
            {saving ? 'Saving…' : 'Save and check again'}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
