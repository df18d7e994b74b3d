// When the database could not be opened, every page says so: most features need it.
import { useSession } from '../state/session-store';

export function StoreErrorBanner() {
  const store = useSession((s) => s.status?.store);
  if (!store || store.state !== 'error') return null;
  return (
    <div className="store-banner" role="alert" data-testid="store-error">
      <strong>The database is not available.</strong>{' '}
      {store.error ? (
        <>
          <span className="mono">{store.error.code}</span>: {store.error.message}
        </>
      ) : (
        'No reason was given.'
      )}{' '}
      <span className="store-banner__path">({store.path})</span> — see Settings → Health checks for the fix.
    </div>
  );
}
