// The one node component: everything it shows comes from the node's spec (title, ports,
// params) and the analysis (output shapes, parameter count, problems). Groups use it too,
// with their exposed ports and a button to open them.
import { Handle, Position, useUpdateNodeInternals, type Node, type NodeProps } from '@xyflow/react';
import { memo, useEffect } from 'react';
import type { NodeDef, PortSpec, TensorInfo } from '../../nodes/api';
import type { Problem } from '../graph/problems';
import type { GraphNode } from '../graph/schema';
import { GROUP } from '../graph/validate';
import { compactCount, fmtShape, fullCount } from '../ui/format';
import { TID } from '../ui/testids';
import { openGroup } from './commands';
import { ParamControl } from './ParamControl';
import { handleId } from './ports';
import { shortMessage, splitProblems } from './problemKinds';

export interface NodeData extends Record<string, unknown> {
  node: GraphNode;
  def: NodeDef | undefined;
  inputs: PortSpec[];
  outputs: PortSpec[];
  outShapes: Record<string, TensorInfo> | undefined;
  paramCount: number | undefined;
  problems: Problem[];
  /** Groups: problems of nodes inside. */
  innerProblems: Problem[];
  /** Zoomed out: params drawn as text instead of fields (see flowModel). */
  plain: boolean;
}

export type FlowNode = Node<NodeData, 'tl'>;

const MAX_SHOWN_PROBLEMS = 3;

function paramText(v: unknown): string {
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (v === null || v === undefined) return 'auto';
  const t = String(v);
  return t.length > 24 ? `${t.slice(0, 22)}…` : t;
}

function PortRow({ input, output, shape, errorPorts, missingPorts }: { input?: PortSpec; output?: PortSpec; shape?: TensorInfo; errorPorts: Set<string>; missingPorts: Set<string> }) {
  return (
    <div className="tl-port-row">
      {input && (
        <>
          <Handle type="target" position={Position.Left} id={handleId('in', input)} className={`tl-handle kind-${input.kind}`} data-kind={input.kind} title={`${input.name}: ${input.kind}${input.description ? ` — ${input.description}` : ''}`} />
          <span className={`tl-port-name in${errorPorts.has(input.name) ? ' tl-port-error' : missingPorts.has(input.name) ? ' tl-port-missing' : ''}${input.optional ? ' optional' : ''}`}>
            {input.name}
            {input.feedback ? ' ↺' : ''}
          </span>
        </>
      )}
      <span className="tl-port-gap" />
      {output && (
        <>
          {shape && (
            <span className="tl-shape" data-testid={TID.shapeBadge(output.name)} title={`${output.name}: ${shape.dtype}${shape.vocab ? `, vocabulary ${shape.vocab}` : ''}`}>
              {fmtShape(shape.shape)}
            </span>
          )}
          <span className={`tl-port-name out${errorPorts.has(output.name) ? ' tl-port-error' : ''}`}>{output.name}</span>
          <Handle type="source" position={Position.Right} id={handleId('out', output)} className={`tl-handle kind-${output.kind}`} data-kind={output.kind} title={`${output.name}: ${output.kind}${output.description ? ` — ${output.description}` : ''}`} />
        </>
      )}
    </div>
  );
}

function GraphNodeViewImpl({ id, data, selected }: NodeProps<FlowNode>) {
  const { node, def, inputs, outputs, outShapes, paramCount, problems, innerProblems, plain } = data;
  const updateInternals = useUpdateNodeInternals();
  const portKey = [...inputs.map((p) => handleId('in', p)), '|', ...outputs.map((p) => handleId('out', p))].join(',');
  useEffect(() => {
    // Handle positions are measured once; tell React Flow when the set of ports changes.
    updateInternals(id);
  }, [id, portKey, updateInternals]);

  const isGroup = node.type === GROUP;
  const rows = Math.max(inputs.length, outputs.length);
  const own = splitProblems(problems);
  const inner = splitProblems(innerProblems);
  const portsOf = (list: typeof problems) => new Set(list.map((p) => p.port).filter((p): p is string => !!p));
  const errorPorts = portsOf(own.hard);
  const missingPorts = portsOf(own.unconnected);
  const title = node.label ?? def?.title ?? node.type;
  const errors = [...own.hard, ...inner.hard];
  const hints = [...own.unconnected, ...inner.unconnected];
  const repeat = typeof node.params.repeat === 'number' ? node.params.repeat : 1;
  const params = def ? Object.entries(def.params) : [];

  return (
    <div
      className={`tl-node cat-${(def?.category ?? 'unknown').replace(/[^a-z]+/g, '-')}${selected ? ' selected' : ''}${errors.length ? ' has-error' : ''}${isGroup ? ' tl-group' : ''}`}
      data-testid={TID.node(id)}
      data-type={node.type}
    >
      <header className="tl-node-head">
        <span className="tl-node-title" data-testid={TID.nodeTitle}>
          {title}
        </span>
        {isGroup && repeat > 1 && <span className="tl-repeat">×{repeat}</span>}
        <span className="tl-node-id">{id}</span>
        {paramCount !== undefined && paramCount > 0 && (
          <span className="tl-node-params" data-testid={TID.nodeParamCount} title={`${fullCount(paramCount)} parameters`}>
            {compactCount(paramCount)}
          </span>
        )}
      </header>
      {!def && <div className="tl-node-error">unknown node type “{node.type}”</div>}
      {rows > 0 && (
        <div className="tl-ports">
          {Array.from({ length: rows }, (_, i) => (
            <PortRow key={i} input={inputs[i]} output={outputs[i]} shape={outputs[i] ? outShapes?.[outputs[i].name] : undefined} errorPorts={errorPorts} missingPorts={missingPorts} />
          ))}
        </div>
      )}
      {params.length > 0 && (
        <div className="tl-params">
          {params.map(([name, spec]) => (
            <label key={name} className="tl-param">
              <span className="tl-param-label" title={spec.help}>
                {spec.label ?? name}
              </span>
              {plain ? (
                <span className="tl-param-value">{paramText(name in node.params ? node.params[name] : spec.default)}</span>
              ) : (
                <ParamControl nodeId={id} name={name} spec={spec} value={name in node.params ? node.params[name] : spec.default} compact />
              )}
            </label>
          ))}
        </div>
      )}
      {isGroup && (
        <button className="nodrag tl-open-group" data-testid={TID.openGroup} onClick={() => openGroup(id)} title="Open the group to edit it (Enter)">
          Open group ⤢
        </button>
      )}
      {errors.length > 0 && (
        <div className="tl-node-error" data-testid={TID.nodeError}>
          {errors.slice(0, MAX_SHOWN_PROBLEMS).map((p, i) => (
            <div key={i}>
              {innerProblems.includes(p) ? `inside: ${p.message}` : shortMessage(p.message)}
            </div>
          ))}
          {errors.length > MAX_SHOWN_PROBLEMS && <div>… and {errors.length - MAX_SHOWN_PROBLEMS} more</div>}
        </div>
      )}
      {errors.length === 0 && hints.length > 0 && (
        <div className="tl-node-hint" title={hints.map((p) => p.message).join('\n')}>
          {own.unconnected.length > 0
            ? `connect ${own.unconnected.map((p) => p.port ?? 'an input').join(', ')}`
            : `${inner.unconnected.length} input${inner.unconnected.length > 1 ? 's' : ''} inside not connected`}
        </div>
      )}
    </div>
  );
}

export const GraphNodeView = memo(GraphNodeViewImpl);
