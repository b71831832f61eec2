// A large view over the page for things the sidebar is too narrow for (the beam tree, an
// attention map). Escape or the backdrop closes it.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

export function Modal({ title, onClose, children }: { title: string; onClose: () => void; children: (width: number) => ReactNode }) {
  const body = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  useEffect(() => {
    const el = body.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);
  return createPortal(
    <div className="tl-run-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="tl-run-modal" role="dialog" aria-label={title} data-testid="run-modal">
        <header>
          <h2>{title}</h2>
          <button onClick={onClose} aria-label="Close" data-testid="run-modal-close">
            ✕
          </button>
        </header>
        <div className="tl-run-modal-body" ref={body}>
          {children(width)}
        </div>
      </div>
    </div>,
    document.body,
  );
}
