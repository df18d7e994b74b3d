import { ErrorMessage } from '../../components/ErrorMessage';
import type { CallState } from '../../state/use-call';

export function CountCard({ title, testId, state, href }: { title: string; testId: string; state: CallState<{ total: number }>; href: string }) {
  return (
    <div className="card" data-testid={testId}>
      <h2>{title}</h2>
      {state.data ? <div className="card__value">{state.data.total.toLocaleString()}</div> : null}
      {state.error && !state.data ? <ErrorMessage error={state.error} compact /> : null}
      {!state.data && !state.error ? <div className="card__value muted">…</div> : null}
      <a className="card__link" href={href}>
        Show {title.toLowerCase()} →
      </a>
    </div>
  );
}
