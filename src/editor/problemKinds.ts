// A required input that is not wired yet is normal while a graph is being built: it is shown
// as a quiet hint, not as a red error (the engine still refuses to compile it).
import type { Problem } from '../graph/problems';

export function isUnconnected(p: Problem): boolean {
  return p.severity === 'error' && /\bis not connected\b/.test(p.message);
}

export function splitProblems(list: readonly Problem[]): { hard: Problem[]; unconnected: Problem[] } {
  const hard: Problem[] = [];
  const unconnected: Problem[] = [];
  for (const p of list) (isUnconnected(p) ? unconnected : hard).push(p);
  return { hard, unconnected };
}

/** The message without its `type "id": ` prefix, for places that already show the node. */
export function shortMessage(message: string): string {
  return message.replace(/^[\w-]+ "[^"]*": /, '');
}
