// The Train and Run panels' link to the training worker: its state as a React value, and the current
// document sent to the worker whenever it changes in a way that matters (not on a node drag).
import { useEffect, useSyncExternalStore } from 'react';
import { getRuntime, type RuntimeClient, type RuntimeState } from '../runtime/worker-client';
import { useDoc } from '../state';
import { sameSemantics } from '../state/analysis';

export function useRuntime(): [RuntimeState, RuntimeClient] {
  const rt = getRuntime();
  const state = useSyncExternalStore(rt.subscribe, rt.getState);
  const graph = useDoc((s) => s.graph);
  const generation = useDoc((s) => s.loadCount);
  useEffect(() => {
    const last = rt.currentGraph;
    if (!last || !sameSemantics(last, graph) || rt.currentGeneration !== generation) rt.setGraph(graph, { generation });
  }, [rt, graph, generation]);
  return [state, rt];
}
