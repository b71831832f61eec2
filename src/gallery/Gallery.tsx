// The template gallery: a dialog with one card per template — its diagram, name and the one
// line on what it teaches. Opening a template replaces the open graph, after asking when
// that graph has unsaved changes.
import { useEffect, useSyncExternalStore } from 'react';
import { docStore } from '../state';
import { templateGraph, templates, type Template } from './catalog';
import { GraphDiagram } from './GraphDiagram';
import './gallery.css';
import { GALLERY_TID } from './testids';

let isOpen = false;
const listeners = new Set<() => void>();
const setOpen = (v: boolean) => {
  isOpen = v;
  listeners.forEach((l) => l());
};
export const openGallery = () => setOpen(true);
export const closeGallery = () => setOpen(false);
const useOpen = () =>
  useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => isOpen,
  );

/** Opens template `id` in the editor; false when the user kept the current graph. */
export function openTemplate(id: string): boolean {
  const graph = templateGraph(id);
  if (!graph) return false;
  const { dirty, graph: current } = docStore.getState();
  if (dirty && !window.confirm(`Replace “${current.name}” with the template “${graph.name}”? Your changes to “${current.name}” are not saved. (Undo can bring them back in this session.)`))
    return false;
  docStore.replaceGraph(graph);
  return true;
}

export function GalleryButton() {
  return (
    <button className="tl-text-button" data-testid={GALLERY_TID.button} onClick={openGallery} title="Start from a template">
      Templates
    </button>
  );
}

function Card({ t }: { t: Template }) {
  const open = () => {
    if (openTemplate(t.id)) closeGallery();
  };
  return (
    <li className="tl-gallery-card" data-testid={GALLERY_TID.card(t.id)}>
      <button className="tl-gallery-pick" onClick={open} disabled={!t.graph} data-testid={GALLERY_TID.open(t.id)} aria-label={`Open template ${t.name}`}>
        {t.graph ? <GraphDiagram graph={t.graph} title={t.name} /> : <div className="tl-gallery-broken">this template does not load</div>}
        <strong>{t.name}</strong>
        <span className="tl-gallery-teaches">{t.teaches}</span>
        {!t.graph && <span className="tl-gallery-problem">{t.problems[0]?.message}</span>}
      </button>
    </li>
  );
}

export function Gallery() {
  const open = useOpen();
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') closeGallery();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  if (!open) return null;
  return (
    <div className="tl-modal-backdrop" onMouseDown={closeGallery}>
      <div className="tl-modal tl-gallery" data-testid={GALLERY_TID.dialog} role="dialog" aria-label="Templates" onMouseDown={(e) => e.stopPropagation()}>
        <header>
          <h2>Start from a template</h2>
          <button onClick={closeGallery} aria-label="Close">
            ✕
          </button>
        </header>
        <ul className="tl-gallery-grid">
          {templates().map((t) => (
            <Card key={t.id} t={t} />
          ))}
        </ul>
      </div>
    </div>
  );
}
