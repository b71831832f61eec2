// The canvas: the open scope of the document drawn with React Flow. The document store is
// the single source of truth; React Flow only reports changes. A drag is shown from local
// state while it lasts and committed to the store once at the end (one undo step, and
// shape inference does not re-run on every frame).
import {
  Background,
  BackgroundVariant,
  Controls,
  getViewportForBounds,
  MiniMap,
  Panel,
  ReactFlow,
  useReactFlow,
  useStore,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
  type OnConnectEnd,
  type ReactFlowState,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './editor.css';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { docStore, useAnalysis, useDoc } from '../state';
import { connect, moveNodes, type XY } from '../state/ops';
import { useTheme } from '../ui/theme';
import { TID } from '../ui/testids';
import { Breadcrumb } from './Breadcrumb';
import { addNodeAt, clipboardFallback, cutSelection, isEditableTarget, openGroup, pasteText, pointer, selectionAsText } from './commands';
import { buildFlow, indexProblems, newFlowCache } from './flowModel';
import { GraphNodeView, type FlowNode } from './GraphNodeView';
import { HelpOverlay } from './HelpOverlay';
import { layeredLayout, type LayoutNode } from './layout';
import { NodeSearch } from './NodeSearch';
import { NODE_MIME } from './Palette';
import { handlesConnect, parseHandle } from './ports';
import { ProblemsBar } from './ProblemsBar';
import { handleShortcut } from './shortcuts';
import { Toolbar } from './Toolbar';
import { TypedEdge, type FlowEdge } from './TypedEdge';
import { setUi, useUi } from './uiState';

const nodeTypes = { tl: GraphNodeView };
const edgeTypes = { tl: TypedEdge };
const GRID: [number, number] = [16, 16];
const FIT = { padding: 0.15, maxZoom: 1.1 };
const MIN_ZOOM = 0.05;
/** Above this many nodes in view, React Flow draws only what is on screen. */
const VISIBLE_ONLY_ABOVE = 200;

/** "source:tensor" while a connection is being dragged from a tensor output, else "". */
const connectingSelector = (s: ReactFlowState) => {
  if (!s.connection.inProgress) return '';
  const h = parseHandle(s.connection.fromHandle?.id);
  return h ? `${s.connection.fromHandle?.type}:${h.kind}` : '';
};

/** Below this zoom, node params are drawn as text (see buildFlow). */
const FIELDS_FROM_ZOOM = 0.5;
const zoomedOut = (s: ReactFlowState) => s.transform[2] < FIELDS_FROM_ZOOM;
/** Below this zoom no text is readable: the canvas hides it by CSS (far cheaper to paint). */
const TEXT_FROM_ZOOM = 0.3;
const farAway = (s: ReactFlowState) => s.transform[2] < TEXT_FROM_ZOOM;

const KIND_COLORS: Record<string, string> = { tokens: '#e0a030', tensor: '#4a90e2', scalar: '#b36ad8', sequences: '#3fb68b' };

function minimapColor(n: FlowNode): string {
  if (n.data.problems.length || n.data.innerProblems.length) return '#e5484d';
  return KIND_COLORS[n.data.outputs[0]?.kind ?? n.data.inputs[0]?.kind ?? 'tensor'] ?? '#888';
}

export function Canvas() {
  const rf = useReactFlow<FlowNode, FlowEdge>();
  const graph = useDoc((s) => s.graph);
  const selection = useDoc((s) => s.selection);
  const scope = useDoc((s) => s.scope);
  const loadCount = useDoc((s) => s.loadCount);
  const analysis = useAnalysis();
  const snap = useUi((u) => u.snap);
  const minimap = useUi((u) => u.minimap);
  const theme = useTheme();
  const connecting = useStore(connectingSelector);
  const plain = useStore(zoomedOut);
  const far = useStore(farAway);
  const parent = scope.at(-1);

  const cache = useRef(newFlowCache());
  const measured = useRef(new Map<string, { width: number; height: number }>());
  const problems = useMemo(() => indexProblems(graph, analysis.problems), [graph, analysis]);
  // Bumped when React Flow measures nodes, so the sizes reach the node objects.
  const [measureTick, setMeasureTick] = useState(0);
  const base = useMemo(
    () => buildFlow(graph, parent, selection, analysis, problems, cache.current, measured.current, plain),
    // measureTick stands for measured.current (a ref, updated in place).
    [graph, parent, selection, analysis, problems, measureTick, plain],
  );

  // Positions of nodes being dragged, shown until the drag ends.
  const [drag, setDrag] = useState<ReadonlyMap<string, XY> | null>(null);
  const dragRef = useRef<Map<string, XY> | null>(null);
  const nodes = useMemo(() => {
    if (!drag) return base.nodes;
    return base.nodes.map((n) => {
      const p = drag.get(n.id);
      // `dragging` gives the node its own compositor layer while it moves (see editor.css).
      return p ? { ...n, position: p, dragging: true, measured: measured.current.get(n.id) ?? n.measured } : n;
    });
  }, [base, drag]);

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    const { selection: cur, graph: g, scope: sc } = docStore.getState();
    const inScope = (id: string) => g.nodes.some((n) => n.id === id && n.parent === sc.at(-1));
    let sel: Set<string> | undefined;
    let moved: Map<string, XY> | undefined;
    let ended = false;
    let resized = false;
    for (const c of changes) {
      if (c.type === 'dimensions' && c.dimensions) {
        const old = measured.current.get(c.id);
        if (old?.width !== c.dimensions.width || old?.height !== c.dimensions.height) {
          measured.current.set(c.id, c.dimensions);
          resized = true;
        }
      } else if (c.type === 'select') {
        // A click that opened a group can report the group as selected after the scope
        // changed; only nodes of the open scope can be selected.
        if (c.selected && !inScope(c.id)) continue;
        sel ??= new Set(cur.nodes);
        if (c.selected) sel.add(c.id);
        else sel.delete(c.id);
      } else if (c.type === 'position') {
        if (c.position) {
          moved ??= new Map(dragRef.current ?? []);
          moved.set(c.id, c.position);
        }
        if (c.dragging === false) ended = true;
      }
    }
    if (resized) setMeasureTick((t) => t + 1);
    if (sel) docStore.setSelection({ nodes: [...sel], edges: cur.edges });
    if (moved) dragRef.current = moved;
    if (ended && dragRef.current) {
      const final = dragRef.current;
      dragRef.current = null;
      docStore.update((g) => moveNodes(g, final), { label: `move ${final.size > 1 ? `${final.size} nodes` : 'node'}` });
      setDrag(null);
    } else if (moved) setDrag(moved);
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<FlowEdge>[]) => {
    const cur = docStore.getState().selection;
    let sel: Set<string> | undefined;
    for (const c of changes) {
      if (c.type !== 'select') continue;
      sel ??= new Set(cur.edges);
      if (c.selected) sel.add(c.id);
      else sel.delete(c.id);
    }
    if (sel) docStore.setSelection({ nodes: cur.nodes, edges: [...sel] });
  }, []);

  const isValidConnection = useCallback(
    (c: Connection | FlowEdge) => c.source !== c.target && handlesConnect(c.sourceHandle, c.targetHandle),
    [],
  );

  const onConnect = useCallback((c: Connection) => {
    const s = parseHandle(c.sourceHandle);
    const t = parseHandle(c.targetHandle);
    if (!s || !t || !handlesConnect(c.sourceHandle, c.targetHandle)) return;
    docStore.update((g) => void connect(g, { node: c.source, port: s.name }, { node: c.target, port: t.name }), { label: 'connect' });
  }, []);

  // A connection dropped on empty canvas opens the node search for nodes that can take it.
  const onConnectEnd: OnConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || state.toHandle || !state.fromHandle || !state.fromNode) return;
      const target = event.target as Element | null;
      if (!target?.classList.contains('react-flow__pane')) return;
      const h = parseHandle(state.fromHandle.id);
      if (!h) return;
      const pt = 'changedTouches' in event ? event.changedTouches[0] : event;
      const screen = { x: pt.clientX, y: pt.clientY };
      const flow = rf.screenToFlowPosition(screen);
      setUi({
        search: {
          screen,
          flow: h.side === 'out' ? { x: flow.x, y: flow.y - 40 } : { x: flow.x - 240, y: flow.y - 40 },
          from: { nodeId: state.fromNode.id, port: h.name, kind: h.kind, side: h.side },
        },
      });
    },
    [rf],
  );

  const onNodeDoubleClick = useCallback((e: React.MouseEvent, node: FlowNode) => {
    if (isEditableTarget(e.target)) return;
    if (node.data.node.type === 'group') openGroup(node.id);
  }, []);

  const onDoubleClick = useCallback(
    (e: React.MouseEvent) => {
      if (!(e.target as Element).classList.contains('react-flow__pane')) return;
      const screen = { x: e.clientX, y: e.clientY };
      setUi({ search: { screen, flow: rf.screenToFlowPosition(screen) } });
    },
    [rf],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(NODE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(NODE_MIME);
      if (!type) return;
      e.preventDefault();
      const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      addNodeAt(type, { x: p.x - 20, y: p.y - 16 });
    },
    [rf],
  );

  const onMouseMove = useCallback((e: React.MouseEvent) => {
    pointer.flow = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
  }, [rf]);

  // Fits right away from the measured nodes. (React Flow's fitView is queued until the
  // next node update, so a fit asked for just before the document is swapped would land
  // later, on whatever node is added next.)
  const fitNow = useCallback(
    (duration = 0) => {
      const nodes = rf.getNodes();
      const el = document.querySelector('.react-flow')?.getBoundingClientRect();
      if (!nodes.length || !el) return;
      const vp = getViewportForBounds(rf.getNodesBounds(nodes), el.width, el.height, MIN_ZOOM, FIT.maxZoom, FIT.padding);
      void rf.setViewport(vp, { duration });
    },
    [rf],
  );

  const fit = useCallback(() => fitNow(200), [fitNow]);

  const [layingOut, setLayingOut] = useState(false);
  const autoLayout = useCallback(async () => {
    const { graph: g, scope: sc } = docStore.getState();
    const p = sc.at(-1);
    const flowNodes = rf.getNodes();
    const input: LayoutNode[] = flowNodes.map((n) => {
      const internal = rf.getInternalNode(n.id);
      const bounds = internal?.internals.handleBounds;
      const at = (id: string, list: HandleBox[] | null | undefined) => {
        const h = list?.find((x) => x.id === id);
        return h ? { x: h.x + h.width / 2, y: h.y + h.height / 2 } : {};
      };
      return {
        id: n.id,
        width: internal?.measured.width ?? 240,
        height: internal?.measured.height ?? 120,
        inputs: n.data.inputs.map((port) => ({ id: `in:${port.kind}:${port.name}`, ...at(`in:${port.kind}:${port.name}`, bounds?.target) })),
        outputs: n.data.outputs.map((port) => ({ id: `out:${port.kind}:${port.name}`, ...at(`out:${port.kind}:${port.name}`, bounds?.source) })),
      };
    });
    const edges = rf.getEdges().map((e) => ({ id: e.id, source: e.source, target: e.target, sourceHandle: e.sourceHandle ?? '', targetHandle: e.targetHandle ?? '' }));
    setLayingOut(true);
    try {
      const positions = await layeredLayout(input, edges);
      // Only apply if the user did not switch scope or change the graph in the meantime.
      if (docStore.getState().graph !== g || docStore.getState().scope.at(-1) !== p) return;
      docStore.update((d) => moveNodes(d, positions), { label: 'auto-layout' });
      requestAnimationFrame(() => fitNow(250));
    } finally {
      setLayingOut(false);
    }
  }, [rf, fitNow]);

  // Shortcuts and the clipboard (copy/paste go through the system clipboard as graph JSON).
  useEffect(() => {
    const ctx = {
      fitView: fit,
      autoLayout: () => void autoLayout(),
      openSearch: () => {
        const el = document.querySelector('.react-flow')?.getBoundingClientRect();
        const flow = pointer.flow ?? rf.screenToFlowPosition({ x: (el?.left ?? 0) + (el?.width ?? 0) / 2, y: (el?.top ?? 0) + (el?.height ?? 0) / 2 });
        const screen = rf.flowToScreenPosition(flow);
        setUi({ search: { screen, flow } });
      },
      focusPaletteSearch: () => (document.querySelector(`[data-testid="${TID.paletteSearch}"]`) as HTMLInputElement | null)?.focus(),
    };
    const onKey = (e: KeyboardEvent) => handleShortcut(e, ctx);
    // Copy and cut put the selection on the clipboard as graph JSON; cut also removes it.
    const toClipboard = (take: () => string | undefined) => (e: ClipboardEvent) => {
      if (isEditableTarget(e.target) || hasTextSelection()) return;
      const text = take();
      if (!text || !e.clipboardData) return;
      e.clipboardData.setData('text/plain', text);
      e.preventDefault();
    };
    const onCopy = toClipboard(selectionAsText);
    const onCut = toClipboard(cutSelection);
    const onPaste = (e: ClipboardEvent) => {
      if (isEditableTarget(e.target)) return;
      const text = e.clipboardData?.getData('text/plain') || clipboardFallback();
      if (!text) return;
      e.preventDefault();
      const err = pasteText(text, pointer.flow);
      if (err) console.warn(err);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCut);
    document.addEventListener('paste', onPaste);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCut);
      document.removeEventListener('paste', onPaste);
    };
  }, [fit, autoLayout, rf]);

  // Fit once every node in view has been measured.
  const fitWhenMeasured = useCallback(() => {
    const { graph: g, scope: sc } = docStore.getState();
    if (!g.nodes.some((n) => n.parent === sc.at(-1))) {
      void rf.setViewport({ x: 0, y: 0, zoom: 1 });
      return;
    }
    let frames = 0;
    const step = () => {
      const nodes = rf.getNodes();
      const ready = nodes.length > 0 && nodes.every((n) => rf.getInternalNode(n.id)?.measured?.width);
      if (ready || frames++ > 90) fitNow();
      else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }, [rf, fitNow]);

  // On open (without a saved viewport), after a document is swapped in whole, or when
  // another group is opened: show all of it. Runs once per (document, scope).
  const shown = useRef<{ load: number; scope: string } | undefined>(undefined);
  const scopeKey = scope.join('/');
  useEffect(() => {
    const prev = shown.current;
    if (prev && prev.load === loadCount && prev.scope === scopeKey) return;
    shown.current = { load: loadCount, scope: scopeKey };
    // Back at the top level (or a document that brought its viewport): restore it.
    const vp = docStore.getState().viewport;
    if (scopeKey === '' && vp) {
      if (prev) void rf.setViewport(vp);
      return;
    }
    fitWhenMeasured();
  }, [loadCount, scopeKey, rf, fitWhenMeasured]);

  const savedViewport = useMemo(() => docStore.getState().viewport, []);
  const [fromType, fromKind] = connecting.split(':');

  return (
    <div
      className="tl-canvas"
      data-testid={TID.canvas}
      data-drag-from={fromType || undefined}
      data-drag-kind={fromKind || undefined}
      data-lod={far ? 'far' : undefined}
      onDoubleClick={onDoubleClick}
      onMouseMove={onMouseMove}
      onMouseLeave={() => (pointer.flow = undefined)}
    >
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={base.edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDoubleClick={onNodeDoubleClick}
        onMoveEnd={(_, vp) => {
          // The saved viewport is the top level's (reload opens there).
          if (docStore.getState().scope.length === 0) docStore.setViewport(vp);
        }}
        onDragOver={onDragOver}
        onDrop={onDrop}
        defaultViewport={savedViewport}
        snapToGrid={snap}
        snapGrid={GRID}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        zoomOnDoubleClick={false}
        minZoom={MIN_ZOOM}
        maxZoom={2.5}
        connectionRadius={22}
        onlyRenderVisibleElements={nodes.length > VISIBLE_ONLY_ABOVE}
        colorMode={theme}
        elevateEdgesOnSelect
      >
        <Background variant={BackgroundVariant.Dots} gap={GRID[0]} size={1.2} />
        {minimap && <MiniMap<FlowNode> pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={0} maskColor="var(--tl-minimap-mask)" />}
        <Controls showInteractive={false} fitViewOptions={FIT} />
        <Panel position="top-left" className="tl-panel-top">
          <Breadcrumb />
          <Toolbar onFit={fit} onLayout={() => void autoLayout()} layingOut={layingOut} />
        </Panel>
        <Panel position="bottom-center" className="tl-panel-problems">
          <ProblemsBar />
        </Panel>
      </ReactFlow>
      <NodeSearch />
      <HelpOverlay />
    </div>
  );
}

function hasTextSelection(): boolean {
  const s = window.getSelection();
  return !!s && !s.isCollapsed && s.toString().length > 0;
}

type HandleBox = { id?: string | null; x: number; y: number; width: number; height: number };
