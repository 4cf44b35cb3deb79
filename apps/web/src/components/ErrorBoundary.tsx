import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Result } from 'antd';

/** Last line of defence: a render error shows a message and a reload button instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode; lang?: string }, { error: Error | null }> {
  state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Luodi UI error', error, info.componentStack);
  }

  render() {
    if (!this.state.error) return this.props.children;
    const en = this.props.lang === 'en';
    return (
      <Result
        status="error"
        title={en ? 'Something went wrong on this page' : '页面出现错误'}
        subTitle={this.state.error.message}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            {en ? 'Reload' : '重新加载'}
          </Button>
        }
      />
    );
  }
}
