// What someone typed into a param field → the value to store, or why it cannot be stored.
import type { ParamSpec } from '../../nodes/api';

/** Text → value for numeric and shape params; a message when the text is not acceptable. */
export function parseParamText(spec: ParamSpec, text: string): { value: unknown } | { error: string } {
  const t = text.trim();
  switch (spec.kind) {
    case 'int':
    case 'number':
    case 'optional-number': {
      if (spec.kind === 'optional-number' && t === '') return { value: null };
      const v = Number(t);
      if (t === '' || !Number.isFinite(v)) return { error: 'not a number' };
      if (spec.kind === 'int' && !Number.isInteger(v)) return { error: 'must be a whole number' };
      if (v < spec.min || v > spec.max) return { error: `must be between ${spec.min} and ${spec.max}` };
      return { value: v };
    }
    case 'shape': {
      const parts = t.replace(/^\[|\]$/g, '').split(/[\s,×x]+/).filter(Boolean);
      const dims = parts.map(Number);
      if (!dims.length) return { error: 'give at least one size' };
      if (dims.length > spec.maxRank) return { error: `at most ${spec.maxRank} sizes` };
      let inferred = 0;
      for (const d of dims) {
        if (d === -1 && spec.allowInfer) inferred++;
        else if (!Number.isInteger(d) || d < 1 || d > spec.maxDim) return { error: `sizes are whole numbers 1–${spec.maxDim}${spec.allowInfer ? ' or one -1' : ''}` };
      }
      if (inferred > 1) return { error: 'at most one -1' };
      return { value: dims };
    }
    default:
      return { value: text };
  }
}

