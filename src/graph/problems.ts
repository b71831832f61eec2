// A problem found in a graph: what is wrong and where (node, port, edge, file line).
export interface Problem {
  severity: 'error' | 'warning';
  message: string;
  nodeId?: string;
  port?: string;
  edgeId?: string;
  /** 1-based line in the file, when the problem was found while reading text. */
  line?: number;
}

export const error = (message: string, where: Omit<Problem, 'severity' | 'message'> = {}): Problem => ({
  severity: 'error',
  message,
  ...where,
});

export const warning = (message: string, where: Omit<Problem, 'severity' | 'message'> = {}): Problem => ({
  severity: 'warning',
  message,
  ...where,
});

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

export function formatProblem(p: Problem): string {
  const where = p.line !== undefined ? `line ${p.line}: ` : '';
  return `${p.severity === 'error' ? 'error' : 'warning'}: ${where}${p.message}`;
}
