// Catches a render error in one area of the page (canvas, a panel) so the rest keeps
// working; the fallback says what broke and offers a way out.
import { Component, type ReactNode } from 'react';
import { TID } from './testids';

interface Props {
  /** What this boundary protects, for the message ("the canvas"). */
  area: string;
  children: ReactNode;
  /** Extra recovery actions shown under the message. */
  actions?: (reset: () => void) => ReactNode;
  /** When this value changes, a caught error is cleared and the children render again. */
  resetKey?: unknown;
}

interface State {
  error: Error | undefined;
  key: unknown;
}

export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: undefined, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { key: props.resetKey, error: undefined } : null;
  }

  componentDidCatch(error: Error): void {
    console.error(`error in ${this.props.area}:`, error);
  }

  reset = () => this.setState({ error: undefined });

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="tl-fallback" data-testid={TID.errorFallback} role="alert">
        <strong>Something went wrong in {this.props.area}.</strong>
        <code>{error.message}</code>
        <div className="tl-fallback-actions">
          {this.props.actions?.(this.reset)}
          <button onClick={this.reset}>Try again</button>
        </div>
      </div>
    );
  }
}
