// Handle ids carry the port's kind ("in:tensor:q"), so isValidConnection, the greyed-out
// handles during a drag and the edge colours all read it without looking the node up.
import type { PortKind, PortSpec } from '../../nodes/api';
import { portKindsConnect } from '../graph/validate';

export type Side = 'in' | 'out';

export const PORT_KINDS: readonly PortKind[] = ['tokens', 'tensor', 'scalar', 'sequences'];

export function handleId(side: Side, port: Pick<PortSpec, 'kind' | 'name'>): string {
  return `${side}:${port.kind}:${port.name}`;
}

export function parseHandle(id: string | null | undefined): { side: Side; kind: PortKind; name: string } | undefined {
  if (!id) return undefined;
  const [side, kind, ...rest] = id.split(':');
  if ((side !== 'in' && side !== 'out') || !PORT_KINDS.includes(kind as PortKind) || rest.length === 0) return undefined;
  return { side, kind: kind as PortKind, name: rest.join(':') };
}

/** Can an output handle feed an input handle (by kind alone)? */
export function handlesConnect(sourceHandle: string | null | undefined, targetHandle: string | null | undefined): boolean {
  const s = parseHandle(sourceHandle);
  const t = parseHandle(targetHandle);
  return !!s && !!t && s.side === 'out' && t.side === 'in' && portKindsConnect(s.kind, t.kind);
}

export const KIND_LABEL: Record<PortKind, string> = {
  tokens: 'token ids',
  tensor: 'float tensor',
  scalar: 'scalar (loss / KL)',
  sequences: 'generated sequences',
};
