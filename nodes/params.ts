// Fills in param defaults and checks every value against its ParamSpec, returning every
// problem at once (each naming the param) so the graph validator can report them together.
import type { ParamSpec, ParamValues } from './api';

export interface ParamProblem {
  param: string;
  message: string;
}

export function defaultParams(specs: Record<string, ParamSpec>): ParamValues {
  const out: ParamValues = {};
  for (const [name, s] of Object.entries(specs)) out[name] = Array.isArray(s.default) ? [...s.default] : s.default;
  return out;
}

function checkOne(name: string, s: ParamSpec, v: unknown): string | undefined {
  switch (s.kind) {
    case 'int':
    case 'number':
    case 'optional-number': {
      if (s.kind === 'optional-number' && v === null) return undefined;
      if (typeof v !== 'number' || !Number.isFinite(v)) return `must be a number, got ${JSON.stringify(v)}`;
      if (s.kind === 'int' && !Number.isInteger(v)) return `must be a whole number, got ${v}`;
      if (v < s.min || v > s.max) return `must be between ${s.min} and ${s.max}, got ${v}`;
      return undefined;
    }
    case 'bool':
      return typeof v === 'boolean' ? undefined : `must be true or false, got ${JSON.stringify(v)}`;
    case 'select':
      return typeof v === 'string' && s.options.includes(v)
        ? undefined
        : `must be one of ${s.options.join(', ')}, got ${JSON.stringify(v)}`;
    case 'string':
      if (typeof v !== 'string') return `must be text, got ${typeof v}`;
      return v.length > s.maxLength ? `is ${v.length} characters long, the limit is ${s.maxLength}` : undefined;
    case 'shape': {
      if (!Array.isArray(v)) return `must be a list of sizes, got ${JSON.stringify(v)}`;
      if (v.length === 0 || v.length > s.maxRank) return `must have 1 to ${s.maxRank} sizes, got ${v.length}`;
      let inferred = 0;
      for (const d of v) {
        if (d === -1 && s.allowInfer) {
          inferred++;
          continue;
        }
        if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > s.maxDim)
          return `sizes must be whole numbers from 1 to ${s.maxDim}${s.allowInfer ? ' (or one -1)' : ''}, got ${JSON.stringify(d)}`;
      }
      return inferred > 1 ? 'may contain at most one -1' : undefined;
    }
  }
  void name;
}

/** Defaults for missing params; unknown params are reported, not kept. */
export function resolveParams(
  specs: Record<string, ParamSpec>,
  raw: Record<string, unknown> | undefined,
): { params: ParamValues; problems: ParamProblem[] } {
  const params = defaultParams(specs);
  const problems: ParamProblem[] = [];
  for (const [name, v] of Object.entries(raw ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(specs, name)) {
      problems.push({ param: name, message: `unknown param "${name}" (known: ${Object.keys(specs).join(', ') || 'none'})` });
      continue;
    }
    const msg = checkOne(name, specs[name], v);
    if (msg) problems.push({ param: name, message: `param ${name} ${msg}` });
    else params[name] = v;
  }
  return { params, problems };
}
