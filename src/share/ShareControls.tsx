// Header controls for sharing: Import (file picker or pasted JSON), Export (graph, or graph +
// trained weights) and Copy link; plus the notice, the file drop zone and the link opener,
// which the app shell mounts once.
import { useEffect, useRef, useState } from 'react';
import { copyLink, exportGraph, exportWithWeights, openFile, openLinkFromLocation, openPastedText } from './actions';
import { clearNotice, useNotice } from './notice';
import './share.css';
import { SHARE_TID } from './testids';


function ImportDialog({ onClose }: { onClose: () => void }) {
  const [text, setText] = useState('');
  const fileRef = useRef<HTMLInputElement>(null);
  return (
    <div className="tl-modal-backdrop" onMouseDown={onClose}>
      <div className="tl-modal tl-import" role="dialog" aria-label="Import a graph" data-testid={SHARE_TID.importDialog} onMouseDown={(e) => e.stopPropagation()}>
        <header>
          <h2>Import a graph</h2>
          <button onClick={onClose} aria-label="Close">
            ✕
          </button>
        </header>
        <p className="tl-muted">A graph file (.json) or a graph + weights file exported from TensorLoom. You can also drop a file on the canvas or open a shared link.</p>
        <button className="tl-primary" onClick={() => fileRef.current?.click()}>
          Choose a file…
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid={SHARE_TID.importFile}
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            if (await openFile(file, 'chosen')) onClose();
          }}
        />
        <label className="tl-import-paste">
          or paste graph JSON:
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={8} spellCheck={false} data-testid={SHARE_TID.importText} placeholder='{ "format": "tensorloom-graph", … }' />
        </label>
        <button
          disabled={text.trim() === ''}
          data-testid={SHARE_TID.importTextOpen}
          onClick={async () => {
            if (await openPastedText(text)) onClose();
          }}
        >
          Open pasted graph
        </button>
      </div>
    </div>
  );
}

function ExportMenu() {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  return (
    <div className="tl-menu" ref={ref}>
      <button className="tl-text-button" data-testid={SHARE_TID.exportButton} aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)} title="Download the graph">
        Export ▾
      </button>
      {open && (
        <div className="tl-menu-list" role="menu">
          <button role="menuitem" data-testid={SHARE_TID.exportGraph} onClick={() => (setOpen(false), exportGraph())}>
            Graph (.json)
          </button>
          <button role="menuitem" data-testid={SHARE_TID.exportWeights} onClick={() => (setOpen(false), void exportWithWeights())}>
            Graph + trained weights (.json)
          </button>
        </div>
      )}
    </div>
  );
}

export function ShareButtons() {
  const [importing, setImporting] = useState(false);
  return (
    <>
      <button className="tl-text-button" data-testid={SHARE_TID.importButton} onClick={() => setImporting(true)} title="Open a graph file or pasted graph JSON">
        Import…
      </button>
      <ExportMenu />
      <button className="tl-text-button" data-testid={SHARE_TID.copyLink} onClick={() => void copyLink()} title="Copy a link that opens this graph">
        Copy link
      </button>
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
    </>
  );
}

export function ShareNotice() {
  const n = useNotice();
  if (!n) return null;
  return (
    <div className={`tl-notice ${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'} data-testid={SHARE_TID.notice}>
      <div className="tl-notice-head">
        <strong>{n.title}</strong>
        <button onClick={clearNotice} aria-label="Close" data-testid={SHARE_TID.noticeClose}>
          ✕
        </button>
      </div>
      {n.lines.length > 0 && (
        <ul>
          {n.lines.map((l, i) => (
            <li key={i} data-testid={SHARE_TID.noticeLine}>
              {l}
            </li>
          ))}
        </ul>
      )}
      {n.link && <input readOnly value={n.link} data-testid={SHARE_TID.noticeLink} onFocus={(e) => e.target.select()} aria-label="Link to this graph" />}
    </div>
  );
}

/** Opens a `#graph=…` link on load and when the hash changes. */
export function LinkOpener() {
  useEffect(() => {
    void openLinkFromLocation();
    const onHash = () => void openLinkFromLocation();
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return null;
}

const hasFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');

/** A file dragged over the page can be dropped to open it; the overlay says so. */
export function DropZone() {
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setOver(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const dragOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      // Without this the browser would open the dropped file in place of the app.
      e.preventDefault();
      e.dataTransfer!.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      const file = e.dataTransfer!.files[0];
      if (file) void openFile(file, 'dropped');
    };
    document.addEventListener('dragenter', enter);
    document.addEventListener('dragleave', leave);
    document.addEventListener('dragover', dragOver);
    document.addEventListener('drop', drop);
    return () => {
      document.removeEventListener('dragenter', enter);
      document.removeEventListener('dragleave', leave);
      document.removeEventListener('dragover', dragOver);
      document.removeEventListener('drop', drop);
    };
  }, []);
  if (!over) return null;
  return (
    <div className="tl-drop-overlay" data-testid={SHARE_TID.dropOverlay}>
      <div>Drop a TensorLoom graph file to open it</div>
    </div>
  );
}
