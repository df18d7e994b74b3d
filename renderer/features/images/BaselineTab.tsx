// The image baseline: every item that ran, failed first, with why it matters, how to fix it, the
// benchmark item it implements and its evidence; items that could not be evaluated say why.
import { useState } from 'react';
import type { BaselineResult, BaselineStatus } from '../../../shared/model/baseline';
import { SeverityBadge } from '../../components/Severity';
import { severityRank } from '../../../shared/model/severity';

const statusOrder: Record<BaselineStatus, number> = { failed: 0, 'not-evaluated': 1, passed: 2 };
const statusTone: Record<BaselineStatus, string> = { failed: 'danger', 'not-evaluated': 'warning', passed: 'ok' };

export function BaselineTab({ baseline }: { baseline: BaselineResult[] | null }) {
  const [showPassed, setShowPassed] = useState(false);
  if (!baseline) return <p className="muted">The last scan did not run the baseline check. Scan again with the baseline or secrets scanner on.</p>;
  const sorted = [...baseline].sort((a, b) => statusOrder[a.status] - statusOrder[b.status] || severityRank(b.severity) - severityRank(a.severity) || a.id.localeCompare(b.id));
  const shown = showPassed ? sorted : sorted.filter((r) => r.status !== 'passed');
  const failed = baseline.filter((r) => r.status === 'failed').length;
  const passed = baseline.filter((r) => r.status === 'passed').length;
  return (
    <div className="security-tab" data-testid="baseline-tab">
      <p>
        <strong data-testid="baseline-failed">{failed}</strong> failed · {passed} passed · {baseline.length - failed - passed} not evaluated{' '}
        <label>
          <input type="checkbox" checked={showPassed} onChange={(e) => setShowPassed(e.target.checked)} data-testid="baseline-show-passed" /> show passed items
        </label>
      </p>
      {shown.length === 0 ? <p data-testid="baseline-clean">Every evaluated item passed.</p> : null}
      {shown.map((r) => (
        <details key={r.id} className="baseline-item" data-testid="baseline-item" data-item={r.id} data-status={r.status} open={r.status === 'failed'}>
          <summary>
            <span className={`pill pill--${statusTone[r.status]}`}>{r.status}</span> <SeverityBadge severity={r.severity} /> <strong>{r.title}</strong>{' '}
            <span className="muted mono">{r.id}</span>
            {r.benchmark ? <span className="muted"> · {r.benchmark}</span> : null}
          </summary>
          <p>{r.why}</p>
          <p>
            <strong>Fix:</strong> {r.fix}
          </p>
          {r.reason ? <p className="muted">{r.reason}</p> : null}
          {r.evidence.length ? (
            <ul className="evidence">
              {r.evidence.map((e, i) => (
                <li key={i} data-testid="baseline-evidence">
                  {e.path ? <span className="mono">/{e.path}: </span> : null}
                  {e.detail}
                  {e.layerIndex !== null ? <span className="muted"> (layer {e.layerIndex})</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </details>
      ))}
    </div>
  );
}
