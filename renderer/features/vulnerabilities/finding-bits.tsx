// Small pieces every view of a finding uses: its ID as a link to its references, the fix state,
// and the "Ignored" marker with its Undo.
import { useState } from 'react';
import type { FindingRow } from '../../../shared/contracts/vulnerabilities';
import type { FixState } from '../../../shared/model/finding';
import type { IgnoreRef } from '../../../shared/model/scan-report';
import { formatDateTime } from '../../format/time';
import { undoIgnore } from '../../state/findings-store';
import { READ_ONLY_HINT, useReadOnly } from '../../state/session-store';

export const fixStateLabels: Record<FixState, string> = {
  fixed: 'Fixed',
  'not-fixed': 'No fix yet',
  'wont-fix': "Won't fix",
  unknown: 'Unknown',
};

const fixTone: Record<FixState, string> = { fixed: 'ok', 'not-fixed': 'warning', 'wont-fix': 'danger', unknown: '' };

export function FixStateCell({ state }: { state: FixState }) {
  return <span className={`pill pill--${fixTone[state]}`}>{fixStateLabels[state]}</span>;
}

/** Only web links are clickable (the desktop app opens them in the system browser). */
export function isWebLink(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

export function VulnLink({ finding }: { finding: Pick<FindingRow, 'vulnId' | 'references' | 'aliases'> }) {
  const link = finding.references.find(isWebLink);
  const title = [finding.vulnId, ...(finding.aliases.length ? [`Also: ${finding.aliases.join(', ')}`] : []), ...finding.references].join('\n');
  return link ? (
    <a href={link} target="_blank" rel="noreferrer noopener" className="mono vuln-id" title={title} data-testid="vuln-id">
      {finding.vulnId}
    </a>
  ) : (
    <span className="mono vuln-id" title={title} data-testid="vuln-id">
      {finding.vulnId}
    </span>
  );
}

export function ignoreText(ref: IgnoreRef): string {
  return `${ref.scope === 'all-images' ? 'All images' : 'This image'}: ${ref.reason}${ref.expiresAt ? ` (until ${formatDateTime(ref.expiresAt)})` : ''}`;
}

/** "Ignored" and the rule, with Undo. */
export function IgnoredMarker({ ignored, vulnId }: { ignored: IgnoreRef; vulnId: string }) {
  const readOnly = useReadOnly();
  const [busy, setBusy] = useState(false);
  return (
    <span className="ignored" data-testid="ignored-marker" title={ignoreText(ignored)}>
      <span className="pill">Ignored</span>
      <span className="ignored__rule">{ignoreText(ignored)}</span>
      <button
        type="button"
        className="button button--small"
        disabled={readOnly || busy}
        title={readOnly ? READ_ONLY_HINT : 'Undo this ignore rule'}
        onClick={() => {
          setBusy(true);
          void undoIgnore(ignored.id, vulnId).finally(() => setBusy(false));
        }}
        data-testid="ignore-undo"
      >
        Undo
      </button>
    </span>
  );
}

/** The Ignore button, or the marker when already ignored. */
export function IgnoreAction({ finding, onIgnore }: { finding: FindingRow; onIgnore: (finding: FindingRow) => void }) {
  const readOnly = useReadOnly();
  if (finding.ignored) return <IgnoredMarker ignored={finding.ignored} vulnId={finding.vulnId} />;
  return (
    <button type="button" className="button button--small" disabled={readOnly} title={readOnly ? READ_ONLY_HINT : `Ignore ${finding.vulnId}`} onClick={() => onIgnore(finding)} data-testid="ignore-open">
      Ignore
    </button>
  );
}
