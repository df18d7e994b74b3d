// An error from a call, as the user should read it: the code, the message, and a way to retry.
import { toRpcError } from '../transport/rpc-result';
import './error-message.css';

export function ErrorMessage({ error, onRetry, compact = false }: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const rpc = toRpcError(error);
  return (
    <div className={compact ? 'error-message error-message--compact' : 'error-message'} role="alert" data-testid="error-message">
      <span className="error-message__code">{rpc.code}</span>
      <span className="error-message__text">{rpc.message}</span>
      {onRetry ? (
        <button type="button" className="button button--small" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
