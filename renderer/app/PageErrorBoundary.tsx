// A page that throws while rendering shows the error instead of blanking the whole app.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { errorText } from '../format/error-text';

interface Props {
  page: string;
  children: ReactNode;
}

interface State {
  error: unknown;
}

export class PageErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error ?? new Error('unknown error') };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`The ${this.props.page} page failed to render`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="page-crash" role="alert" data-testid="page-error">
        <h2>The {this.props.page} page hit an error</h2>
        <pre className="page-crash__message">{errorText(this.state.error)}</pre>
        <div className="page-crash__actions">
          <button type="button" className="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
          <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
            Reload page
          </button>
        </div>
      </div>
    );
  }
}
