// Edges coloured by the kind of what flows along them; an edge into a port that inference
// rejected turns red and carries the engine's message.
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { PortKind } from '../../nodes/api';
import { TID } from '../ui/testids';
import { shortMessage } from './problemKinds';

export interface EdgeData extends Record<string, unknown> {
  kind: PortKind;
  error?: string;
}

export type FlowEdge = Edge<EdgeData, 'tl'>;

function TypedEdgeImpl({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected }: EdgeProps<FlowEdge>) {
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const kind = data?.kind ?? 'tensor';
  const error = data?.error;
  return (
    <>
      <BaseEdge id={id} path={path} className={`tl-edge kind-${kind}${error ? ' tl-edge-error' : ''}${selected ? ' selected' : ''}`} />
      {error && (
        <EdgeLabelRenderer>
          <div className="tl-edge-label nodrag nopan" style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }} data-testid={TID.edgeError} title={error}>
            ⚠ {shortMessage(error)}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const TypedEdge = memo(TypedEdgeImpl);
