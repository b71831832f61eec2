// The app shell: header, node palette, canvas and the sidebar tabs.
import { ReactFlowProvider } from '@xyflow/react';
import { Canvas, Palette } from '../editor';
import { Gallery } from '../gallery';
import { emptyGraph } from '../graph/schema';
import { DropZone, LinkOpener, ShareNotice } from '../share';
import { docStore, useDoc } from '../state';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { TID } from '../ui/testids';
import './app.css';
import { Header } from './Header';
import { Sidebar } from './Sidebar';

export function App() {
  const loadCount = useDoc((s) => s.loadCount);
  return (
    <ReactFlowProvider>
      <div className="tl-app" data-testid={TID.app}>
        <Header />
        <div className="tl-body">
          <ErrorBoundary area="the palette">
            <Palette />
          </ErrorBoundary>
          <main className="tl-main">
            <ErrorBoundary
              area="the canvas"
              resetKey={loadCount}
              actions={(reset) => (
                <>
                  <button
                    onClick={() => {
                      docStore.undo();
                      reset();
                    }}
                  >
                    Undo the last change
                  </button>
                  <button onClick={() => docStore.replaceGraph(emptyGraph())}>Start an empty graph</button>
                </>
              )}
            >
              <Canvas />
            </ErrorBoundary>
          </main>
          <Sidebar />
        </div>
        <Gallery />
        <ShareNotice />
        <DropZone />
        <LinkOpener />
      </div>
    </ReactFlowProvider>
  );
}
