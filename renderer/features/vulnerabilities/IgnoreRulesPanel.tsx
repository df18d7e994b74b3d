// The ignore rules: what is hidden, where, why, until when, by whom; active or expired; Undo.
import { useState } from 'react';
import type { IgnoreRule } from '../../../shared/contracts/vulnerabilities';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatAge, formatDateTime } from '../../format/time';
import { undoIgnore, useFindings } from '../../state/findings-store';
import { imageHref } from '../../state/route';
import { READ_ONLY_HINT, useReadOnly } from '../../state/session-store';
import { useCall } from '../../state/use-call';
import { client } from '../../transport/client';

export function IgnoreRulesPanel({ onClose }: { onClose: () => void }) {
  const version = useFindings((s) => s.version);
  const rules = useCall(() => client().call('ignores.list', {}), [version]);
  const active = rules.data?.filter((r) => r.active).length ?? 0;
  return (
    <aside className="rules-panel" aria-labelledby="rules-title" data-testid="ignore-rules">
      <div className="section__head">
        <h2 id="rules-title">Ignore rules</h2>
        <button type="button" className="button button--small" onClick={onClose}>
          Hide
        </button>
      </div>
      {rules.data ? (
        <p className="muted">
          {rules.data.length === 0 ? 'No vulnerability is ignored.' : `${active} active, ${rules.data.length - active} expired. Expired rules hide nothing.`}
        </p>
      ) : null}
      {rules.error ? <ErrorMessage error={rules.error} onRetry={rules.reload} /> : null}
      <ul className="plain-list">
        {rules.data?.map((rule) => (
          <RuleItem key={rule.id} rule={rule} />
        ))}
      </ul>
    </aside>
  );
}

function RuleItem({ rule }: { rule: IgnoreRule }) {
  const readOnly = useReadOnly();
  const [busy, setBusy] = useState(false);
  return (
    <li className={rule.active ? 'rule' : 'rule rule--expired'} data-testid="ignore-rule" data-vuln-id={rule.vulnId} data-active={rule.active}>
      <div className="rule__head">
        <span className="mono">{rule.vulnId}</span>
        <span className={rule.active ? 'pill pill--ok' : 'pill'}>{rule.active ? 'active' : 'expired'}</span>
      </div>
      <div className="muted">
        {rule.imageId ? (
          <>
            Image <a href={imageHref(rule.imageId)}>{rule.imageName ?? rule.imageId}</a>
          </>
        ) : (
          'All images'
        )}
        {rule.expiresAt ? <span title={rule.expiresAt}> · {rule.active ? 'until' : 'expired'} {formatDateTime(rule.expiresAt)}</span> : ' · no expiry'}
      </div>
      <div className="rule__reason">{rule.reason}</div>
      <div className="rule__head">
        <span className="muted" title={formatDateTime(rule.createdAt)}>
          {rule.createdBy}, {formatAge(rule.createdAt)}
        </span>
        <button
          type="button"
          className="button button--small"
          disabled={readOnly || busy}
          title={readOnly ? READ_ONLY_HINT : 'Remove this rule: its findings count again'}
          onClick={() => {
            setBusy(true);
            void undoIgnore(rule.id, rule.vulnId).finally(() => setBusy(false));
          }}
          data-testid="ignore-rule-undo"
        >
          Undo
        </button>
      </div>
    </li>
  );
}
