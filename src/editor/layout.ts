// Auto-layout with elkjs: layered, left to right, ports kept in their drawn order. elkjs is
// large, so it is loaded the first time someone asks for a layout.
import type { ELK, ElkNode } from 'elkjs/lib/elk-api';
import type { XY } from '../state/ops';

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
  /** Handles in drawn order, with their centre relative to the node when measured. */
  inputs: { id: string; x?: number; y?: number }[];
  outputs: { id: string; x?: number; y?: number }[];
}

export interface LayoutEdge {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
}

let elk: Promise<ELK> | undefined;

function loadElk(): Promise<ELK> {
  elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default());
  return elk;
}

const portId = (node: string, handle: string) => `${node}\u0000${handle}`;

/** Top-left positions for every node, laid out in layers from left to right. */
export async function layeredLayout(nodes: LayoutNode[], edges: LayoutEdge[]): Promise<Map<string, XY>> {
  const known = new Set(nodes.map((n) => n.id));
  const root: ElkNode = {
    id: '__root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.spacing.nodeNode': '36',
      'elk.layered.spacing.edgeNodeBetweenLayers': '24',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.separateConnectedComponents': 'true',
    },
    children: nodes.map((n) => {
      const measured = [...n.inputs, ...n.outputs].every((h) => h.x !== undefined && h.y !== undefined);
      // FIXED_POS uses the measured handle positions; otherwise keep the order: ELK numbers
      // ports clockwise from the top-left, so the west side counts from the bottom.
      return {
        id: n.id,
        width: n.width,
        height: n.height,
        layoutOptions: { 'elk.portConstraints': measured ? 'FIXED_POS' : 'FIXED_ORDER' },
        ports: [
          ...n.inputs.map((h, i) => ({
            id: portId(n.id, h.id),
            width: 1,
            height: 1,
            ...(measured ? { x: 0, y: h.y! } : {}),
            layoutOptions: { 'elk.port.side': 'WEST', 'elk.port.index': String(n.inputs.length - 1 - i) },
          })),
          ...n.outputs.map((h, i) => ({
            id: portId(n.id, h.id),
            width: 1,
            height: 1,
            ...(measured ? { x: n.width - 1, y: h.y! } : {}),
            layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(i) },
          })),
        ],
      };
    }),
    edges: edges
      .filter((e) => known.has(e.source) && known.has(e.target))
      .map((e) => ({ id: e.id, sources: [portId(e.source, e.sourceHandle)], targets: [portId(e.target, e.targetHandle)] })),
  };
  const out = await (await loadElk()).layout(root);
  const positions = new Map<string, XY>();
  for (const c of out.children ?? []) positions.set(c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) });
  return positions;
}
