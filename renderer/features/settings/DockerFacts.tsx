// The engine Vigil uses and every place it looked, so the choice can be understood.
import { DockerStatusBanner } from '../docker/DockerStatusBanner';
import { useDocker } from '../docker/docker-store';

export function DockerFacts() {
  const status = useDocker((s) => s.status);
  return (
    <section className="section" aria-labelledby="docker-title">
      <h2 id="docker-title">Docker</h2>
      <DockerStatusBanner always />
      {status && status.candidates.length ? (
        <>
          <h3>Places looked at, in order</h3>
          <ul className="plain-list">
            {status.candidates.map((candidate) => (
              <li key={`${candidate.source}:${candidate.endpoint}`}>
                <span className="mono">{candidate.endpoint}</span> <span className="muted">— {candidate.source}</span>
                {candidate.exists === false ? <span className="muted"> (not there)</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
