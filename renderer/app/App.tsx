// The shell: navigation, header, the current page inside its error boundary, task bar, toasts.
import { useEffect } from 'react';
import { startDockerFeed, useDocker } from '../features/docker/docker-store';
import { bindConnection, useConnection } from '../state/connection-store';
import { useSession } from '../state/session-store';
import { useSettings } from '../state/settings-store';
import { startTaskFeed, useTasks } from '../state/tasks-store';
import { useRoute } from '../state/use-route';
import { client } from '../transport/client';
import { Header } from './Header';
import { Nav } from './Nav';
import { PageErrorBoundary } from './PageErrorBoundary';
import { pageFor } from './pages';
import { StoreErrorBanner } from './StoreErrorBanner';
import { TaskBar } from './TaskBar';
import { Toasts } from './Toasts';

const STATUS_INTERVAL_MS = 30_000;

export function App() {
  const route = useRoute();
  const page = pageFor(route);
  useBackgroundFeeds();

  useEffect(() => {
    document.title = `${page.label} · Vigil`;
  }, [page.label]);

  const Page = page.component;
  return (
    <div className="app">
      <Nav current={route} />
      <Header title={page.label} />
      <main className="app-main" data-testid={`page-${route}`}>
        <StoreErrorBanner />
        <PageErrorBoundary key={route} page={page.label}>
          <Page />
        </PageErrorBoundary>
      </main>
      <TaskBar />
      <Toasts />
    </div>
  );
}

/** What runs while the app is open: the connection indicator, session, settings, tasks, Docker. */
function useBackgroundFeeds(): void {
  useEffect(() => {
    const unbind = bindConnection(client().transport);
    void useSession.getState().refresh();
    void useSettings.getState().load();
    const stopTasks = startTaskFeed();
    const stopDocker = startDockerFeed();
    const timer = setInterval(() => void useSession.getState().refresh(), STATUS_INTERVAL_MS);
    // After the stream socket comes back, live updates may have been missed: fetch again.
    const stopReconnect = useConnection.subscribe((state, previous) => {
      if (state.reconnects === previous.reconnects) return;
      void useTasks.getState().reload();
      void useSession.getState().refresh();
      void useDocker.getState().check(false);
    });
    return () => {
      unbind();
      stopTasks();
      stopDocker();
      stopReconnect();
      clearInterval(timer);
    };
  }, []);
}
