// Hard limits that stop a hostile or broken file before anything is allocated.
export const LIMITS = {
  /** Bytes of graph JSON text (a text corpus param can make a file large). */
  fileBytes: 20 * 1024 * 1024,
  /** Nesting depth of the JSON value. */
  depth: 48,
  nodes: 5000,
  edges: 20000,
  /** Groups inside groups. */
  groupDepth: 8,
  /** Copies of a group after expansion, all groups together. */
  expandedNodes: 20000,
  /** Elements in one weight tensor (16M floats = 64 MB). */
  weightElements: 16 * 1024 * 1024,
  /** Elements of all weights of a graph (the browser has to hold them, plus Adam's two moments). */
  totalWeightElements: 64 * 1024 * 1024,
  /** Elements of one activation, with symbolic sizes taken at their run-time default. */
  activationElements: 256 * 1024 * 1024,
  /** Characters of a string value other than a text-corpus body. */
  stringChars: 5_000_000,
} as const;

/** Keys that could change object prototypes if ever spread or assigned. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
