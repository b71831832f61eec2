// Entry point: restore the autosaved document (or open the default graph), start
// autosaving, render the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { defaultGraph } from './app/defaultGraph';
import { docStore, readAutosave, startAutosave } from './state';

const saved = readAutosave();
if (saved) docStore.replaceGraph(saved.graph, { resetHistory: true, dirty: saved.dirty, viewport: saved.viewport });
else docStore.replaceGraph(defaultGraph(), { resetHistory: true });
startAutosave(docStore);

// A handle for e2e tests, benchmarks and the console: read the exact document.
(window as unknown as { tensorloom: unknown }).tensorloom = { store: docStore };

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
