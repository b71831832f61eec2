// Matching node types against what someone types: every word must appear in the title,
// type id or category; title-prefix matches come first.
import type { NodeDef } from '../../nodes/api';

export function matchDefs(defs: readonly NodeDef[], query: string): NodeDef[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...defs];
  const scored: { d: NodeDef; score: number }[] = [];
  for (const d of defs) {
    const hay = `${d.title} ${d.type} ${d.category}`.toLowerCase();
    if (!words.every((w) => hay.includes(w))) continue;
    const title = d.title.toLowerCase();
    const score = title.startsWith(words[0]) ? 0 : d.type.startsWith(words[0]) ? 1 : title.includes(words[0]) ? 2 : 3;
    scored.push({ d, score });
  }
  return scored.sort((a, b) => a.score - b.score).map((x) => x.d);
}
