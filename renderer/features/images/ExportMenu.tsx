// Download the image's last scan as JSON, SARIF, CycloneDX, SPDX or a text table.
import { useEffect, useRef, useState } from 'react';
import { exportFormats } from '../../../shared/contracts/images';
import { ErrorMessage } from '../../components/ErrorMessage';
import { notifyError } from '../../state/toast-store';
import { client } from '../../transport/client';

type Format = (typeof exportFormats)[number];

const formatLabels: Record<Format, string> = {
  json: 'JSON (Vigil report)',
  sarif: 'SARIF 2.1.0',
  cyclonedx: 'CycloneDX SBOM',
  spdx: 'SPDX SBOM',
  table: 'Text table',
};

/** Hands content to the browser as a file download. */
export function downloadText(fileName: string, mediaType: string, content: string): void {
  const blob = new Blob([content], { type: mediaType || 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Give the download a moment to start before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportMenu({ imageId, disabled }: { imageId: string; disabled?: boolean }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const [busy, setBusy] = useState<Format | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      const details = ref.current;
      if (details?.open && !details.contains(event.target as Node)) details.open = false;
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, []);
  const run = async (format: Format) => {
    setBusy(format);
    setError(null);
    try {
      const file = await client().call('images.export', { imageId, format });
      downloadText(file.fileName, file.mediaType, file.content);
      if (ref.current) ref.current.open = false;
    } catch (reason) {
      setError(reason);
      notifyError(`Could not export ${formatLabels[format]}`, reason);
    } finally {
      setBusy(null);
    }
  };
  return (
    <details className="multi export-menu" ref={ref} data-testid="export-menu">
      <summary className="multi__summary" aria-disabled={disabled}>
        {busy ? `Exporting ${formatLabels[busy]}…` : 'Export'}
      </summary>
      <div className="multi__menu export-menu__list" role="menu">
        {exportFormats.map((format) => (
          <button key={format} type="button" role="menuitem" className="button button--link" disabled={busy !== null || disabled} onClick={() => void run(format)} data-testid={`export-${format}`}>
            {formatLabels[format]}
          </button>
        ))}
        {error ? <ErrorMessage error={error} compact /> : null}
      </div>
    </details>
  );
}
