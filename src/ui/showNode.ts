// Reveal a node on the canvas from a panel: open the groups it sits in, select it and centre
// the view on it. Accepts a flat id from the runtime (`block[1]/ff`) or a document id.
import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { docStore } from '../state';

/** The document node a flat (expanded) id came from: its last path segment. */
export const docIdOf = (flatId: string) => flatId.slice(flatId.lastIndexOf('/') + 1);

export function useShowNode(): (id: string) => void {
  const rf = useReactFlow();
  return useCallback(
    (id: string) => {
      const graph = docStore.getState().graph;
      const node = graph.nodes.find((n) => n.id === id) ?? graph.nodes.find((n) => n.id === docIdOf(id));
      if (!node) return;
      const path: string[] = [];
      for (let g = node.parent; g !== undefined; g = graph.nodes.find((n) => n.id === g)?.parent) path.unshift(g);
      docStore.setScope(path);
      docStore.setSelection({ nodes: [node.id], edges: [] });
      requestAnimationFrame(() => rf.setCenter(node.position.x + 120, node.position.y + 60, { zoom: Math.max(rf.getZoom(), 0.8), duration: 250 }));
    },
    [rf],
  );
}

/** The node a runtime message names (`… of dense "block[1]/ff" …`), if any. */
export function nodeInMessage(message: string | undefined): string | undefined {
  return message ? /"([^"]+)"/.exec(message)?.[1] : undefined;
}
