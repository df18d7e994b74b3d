// An honest page for a feature that does not exist yet: no fake data.
import { pendingFeatures, type PendingFeature } from './not-built';

export function NotBuiltPage({ feature }: { feature: PendingFeature }) {
  const info = pendingFeatures[feature];
  return (
    <div className="page" data-testid="not-built">
      <div className="notice">
        <h2>{info.title} is not built yet</h2>
        <p>This page will show: {info.will}</p>
        <p className="muted">Specified in SPEC.md {info.specSection}. Nothing on this page is real data until then.</p>
      </div>
    </div>
  );
}
