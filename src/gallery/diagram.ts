// A small picture of a graph for the template gallery, computed from its JSON alone: the
// top-level nodes in layers (a node sits one column right of its furthest input), wires as
// curves, groups as one box with their repeat count. Positions in the file are used only to
// order nodes within a column, so any imported graph draws legibly.
import { nodeDef } from '../../nodes/index';
import type { Graph, GraphNode } from '../graph/schema';

export interface DiagramBox {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** The node's label, or its type's title. */
  label: string;
  /** CSS class suffix of the node's category (`cat-<category>` in app.css). */
  category: string;
  /** Copies of a group (×k); 1 for plain nodes. */
  repeat: number;
  isGroup: boolean;
}

export interface DiagramWire {
  from: string;
  to: string;
  /** SVG path data of the curve. */
  d: string;
  /** Drawn dashed: the wire goes back to an earlier column (an RNN's state fed back). */
  back: boolean;
}

export interface Diagram {
  width: number;
  height: number;
  boxes: DiagramBox[];
  wires: DiagramWire[];
}

export const BOX_W = 84;
export const BOX_H = 24;
const GAP_X = 22;
const GAP_Y = 8;
/** Space between bands, where wires return to the left. */
const GAP_BAND = 16;
const PAD = 6;
/** The picture's preferred width : height, that of a gallery card. */
export const TARGET_ASPECT = 3;
/** Labels longer than this are cut with an ellipsis so they fit their box. */
export const LABEL_CHARS = 14;

const category = (n: GraphNode) => (nodeDef(n.type)?.category ?? 'unknown').replace(/[^a-z]+/g, '-');

export function shortLabel(n: GraphNode, max = LABEL_CHARS): string {
  const text = n.label?.trim() || nodeDef(n.type)?.title || n.type;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Column of every node: longest path from a source over forward wires. Wires that close a
 * loop (found by DFS) are left out, so a cyclic or half-built graph still gets columns.
 */
function columns(ids: string[], wires: { from: string; to: string }[]): Map<string, number> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const w of wires) out.get(w.from)?.push(w.to);
  const state = new Map<string, 1 | 2>();
  const order: string[] = [];
  const back = new Set<string>();
  const visit = (id: string) => {
    state.set(id, 1);
    for (const to of out.get(id) ?? []) {
      if (state.get(to) === 1) back.add(`${id}>${to}`);
      else if (!state.has(to)) visit(to);
    }
    state.set(id, 2);
    order.push(id);
  };
  for (const id of ids) if (!state.has(id)) visit(id);
  order.reverse(); // topological order of the forward wires
  const col = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const id of order)
    for (const to of out.get(id) ?? []) if (!back.has(`${id}>${to}`)) col.set(to, Math.max(col.get(to)!, col.get(id)! + 1));
  return col;
}

export function layoutDiagram(graph: Pick<Graph, 'nodes' | 'edges'>): Diagram {
  const top = graph.nodes.filter((n) => n.parent === undefined);
  const ids = new Set(top.map((n) => n.id));
  // One wire per connected pair (several ports between the same two nodes draw once).
  const pairs = new Map<string, { from: string; to: string }>();
  for (const e of graph.edges) {
    if (!ids.has(e.source) || !ids.has(e.target) || e.source === e.target) continue;
    pairs.set(`${e.source}>${e.target}`, { from: e.source, to: e.target });
  }
  const col = columns(
    top.map((n) => n.id),
    [...pairs.values()],
  );
  const byCol = new Map<number, GraphNode[]>();
  for (const n of top) {
    const c = col.get(n.id)!;
    if (!byCol.has(c)) byCol.set(c, []);
    byCol.get(c)!.push(n);
  }
  for (const list of byCol.values()) list.sort((a, b) => a.position.y - b.position.y || a.position.x - b.position.x);
  const cols = top.length ? Math.max(...col.values()) + 1 : 1;
  const colHeight = (c: number) => {
    const k = byCol.get(c)?.length ?? 0;
    return k * BOX_H + Math.max(0, k - 1) * GAP_Y;
  };
  // A long chain is wrapped into bands of columns, read left to right, top to bottom: the
  // band count is the one that brings the picture closest to a card's shape.
  const shape = (perBand: number) => {
    const bands = Math.ceil(cols / perBand);
    const heights = Array.from({ length: bands }, (_, b) => Math.max(BOX_H, ...Array.from({ length: perBand }, (_, i) => colHeight(b * perBand + i))));
    const width = PAD * 2 + Math.min(cols, perBand) * BOX_W + (Math.min(cols, perBand) - 1) * GAP_X;
    const height = PAD * 2 + heights.reduce((a, h) => a + h, 0) + (bands - 1) * GAP_BAND;
    return { perBand, heights, width, height };
  };
  let best = shape(cols);
  for (let per = cols - 1; per >= 3; per--) {
    const s = shape(per);
    if (Math.abs(Math.log(s.width / s.height / TARGET_ASPECT)) < Math.abs(Math.log(best.width / best.height / TARGET_ASPECT))) best = s;
  }
  const bandTop: number[] = [];
  best.heights.reduce((y, h, b) => ((bandTop[b] = y), y + h + GAP_BAND), PAD);
  const boxes = new Map<string, DiagramBox>();
  const bandOf = new Map<string, number>();
  for (const [c, list] of byCol) {
    const band = Math.floor(c / best.perBand);
    // Centre each column in its band.
    const y0 = bandTop[band] + (best.heights[band] - colHeight(c)) / 2;
    list.forEach((n, i) => {
      const isGroup = n.type === 'group';
      const repeat = isGroup && typeof n.params.repeat === 'number' ? n.params.repeat : 1;
      bandOf.set(n.id, band);
      boxes.set(n.id, {
        id: n.id,
        x: PAD + (c % best.perBand) * (BOX_W + GAP_X),
        y: y0 + i * (BOX_H + GAP_Y),
        w: BOX_W,
        h: BOX_H,
        // A group's " ×k" takes the room of a few characters.
        label: shortLabel(n, repeat > 1 ? LABEL_CHARS - 3 : LABEL_CHARS),
        category: category(n),
        repeat,
        isGroup,
      });
    });
  }
  const wires: DiagramWire[] = [];
  for (const { from, to } of pairs.values()) {
    const a = boxes.get(from)!;
    const b = boxes.get(to)!;
    const x1 = a.x + a.w;
    const y1 = a.y + a.h / 2;
    const x2 = b.x;
    const y2 = b.y + b.h / 2;
    const bandA = bandOf.get(from)!;
    const bandB = bandOf.get(to)!;
    const back = bandB < bandA || (bandB === bandA && b.x <= a.x);
    let d: string;
    if (back) {
      // A loop below both boxes.
      d = `M${x1},${y1} C${x1 + 24},${y1 + 40} ${x2 - 24},${y2 + 40} ${x2},${y2}`;
    } else if (bandB > bandA) {
      // Into a later band: out to the right, back along the gap under the source's band, in from the left.
      const yg = bandTop[bandA] + best.heights[bandA] + GAP_BAND / 2;
      const r = 8;
      d = `M${x1},${y1} C${x1 + r},${y1} ${x1 + r},${yg} ${x1},${yg} L${x2},${yg} C${x2 - r},${yg} ${x2 - r},${y2} ${x2},${y2}`;
    } else {
      d = `M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2},${y2}`;
    }
    wires.push({ from, to, d: round(d), back });
  }
  return { width: best.width, height: best.height, boxes: [...boxes.values()], wires };
}

const round = (d: string) => d.replace(/-?\d+\.\d+/g, (m) => String(Math.round(+m * 10) / 10));
