// The health checks `vigil doctor` runs, each with its fix.
import type { DoctorCheck } from '../../../shared/contracts/system';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useCall } from '../../state/use-call';
import { client } from '../../transport/client';

const tone: Record<DoctorCheck['status'], string> = { ok: 'pill--ok', warning: 'pill--warning', failed: 'pill--danger' };

export function DoctorChecks() {
  const doctor = useCall(() => client().call('system.doctor'), []);
  return (
    <section className="section" aria-labelledby="doctor-title" data-testid="doctor">
      <div className="section__head">
        <h2 id="doctor-title">Health checks</h2>
        <button type="button" className="button button--small" onClick={doctor.reload} disabled={doctor.loading}>
          {doctor.loading ? 'Checking…' : 'Run again'}
        </button>
      </div>
      {doctor.error ? <ErrorMessage error={doctor.error} onRetry={doctor.reload} /> : null}
      {doctor.data ? (
        <>
          <p className={doctor.data.healthy ? 'muted' : ''}>
            {doctor.data.healthy ? 'Everything Vigil needs is in order.' : 'Some required checks failed; see the fixes below.'}
          </p>
          <ul className="plain-list checks">
            {doctor.data.checks.map((check) => (
              <li key={check.id} className="check" data-testid="doctor-check" data-status={check.status}>
                <span className={`pill ${tone[check.status]}`}>{check.status}</span>
                <div className="check__body">
                  <div className="check__title">
                    {check.title}
                    {check.required ? null : <span className="muted"> (optional)</span>}
                  </div>
                  <div className="muted">{check.detail}</div>
                  {check.fix && check.status !== 'ok' ? <div className="check__fix">Fix: {check.fix}</div> : null}
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
