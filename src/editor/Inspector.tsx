// The inspector tab: the selected node (params, formula, description, input and output
// shapes, weights, parameter count, problems), the selected edge, or the graph; and the
// totals of the whole graph underneath.
import { nodeDef } from '../../nodes/index';
import type { TensorInfo } from '../../nodes/api';
import type { Analysis } from '../graph/analyze';
import type { Graph, GraphNode } from '../graph/schema';
import { GROUP, nodePorts } from '../graph/validate';
import { docStore, useAnalysis, useDoc } from '../state';
import { edgeKey, setLabel } from '../state/ops';
import { bytes, compactCount, fmtShape, fullCount } from '../ui/format';
import { TID } from '../ui/testids';
import { deleteSelection, groupSelection, openGroup, ungroupSelection } from './commands';
import { Formula } from './Formula';
import { ParamControl } from './ParamControl';
import { KIND_LABEL } from './ports';
import { isUnconnected } from './problemKinds';
import type { Problem } from '../graph/problems';

function problemSummary(a: Analysis): string {
  if (!a.problems.length) return 'none';
  const unconnected = a.problems.filter(isUnconnected).length;
  const errors = a.problems.filter((p) => p.severity === 'error').length - unconnected;
  const parts = [errors ? `${errors} error${errors > 1 ? 's' : ''}` : '', unconnected ? `${unconnected} unconnected` : ''].filter(Boolean);
  return parts.join(', ') || `${a.problems.length} warning${a.problems.length > 1 ? 's' : ''}`;
}

const shapeText = (t: TensorInfo | undefined) => (t ? `${fmtShape(t.shape)}${t.dtype === 'int32' ? ' int' : ''}` : '—');

function NodeDetails({ node, graph, analysis }: { node: GraphNode; graph: Graph; analysis: Analysis }) {
  const def = nodeDef(node.type);
  const ports = nodePorts(graph, node);
  const flat = analysis.flat.nodes.find((n) => n.docId === node.id);
  const shapes = flat ? analysis.shapes.get(flat.id) : undefined;
  const doc = analysis.docShapes.get(node.id);
  const problems = analysis.problems.filter((p) => p.nodeId === node.id);
  const isGroup = node.type === GROUP;
  // Inputs of a group come from outside; show what is wired in.
  const inputShape = (port: string): TensorInfo | undefined => {
    if (shapes) return shapes.inputs[port];
    const e = graph.edges.find((x) => x.target === node.id && x.targetPort === port);
    return e ? analysis.docShapes.get(e.source)?.outputs[e.sourcePort] : undefined;
  };
  return (
    <>
      <section className="tl-insp-head">
        <h2>{node.label ?? def?.title ?? node.type}</h2>
        <div className="tl-muted">
          {node.type} · <code>{node.id}</code>
          {def ? ` · ${def.category}` : ''}
        </div>
      </section>
      <section>
        <label className="tl-field">
          <span>{isGroup ? 'name' : 'label'}</span>
          <input
            className="tl-input"
            value={node.label ?? ''}
            placeholder={def?.title}
            maxLength={200}
            onChange={(e) => docStore.update((g) => setLabel(g, node.id, e.target.value), { merge: `label:${node.id}`, label: 'rename' })}
            onBlur={() => docStore.sealHistory()}
          />
        </label>
      </section>
      {def && (
        <section>
          <p className="tl-desc">{def.description}</p>
          <Formula tex={def.formula} />
        </section>
      )}
      {def && Object.keys(def.params).length > 0 && (
        <section>
          <h3>Parameters</h3>
          {Object.entries(def.params).map(([name, spec]) => (
            <label key={name} className="tl-field">
              <span title={spec.help}>{spec.label ?? name}</span>
              <ParamControl nodeId={node.id} name={name} spec={spec} value={name in node.params ? node.params[name] : spec.default} />
              {spec.help && <small className="tl-muted">{spec.help}</small>}
            </label>
          ))}
        </section>
      )}
      <section>
        <h3>Ports</h3>
        <table className="tl-table">
          <tbody>
            {ports.inputs.map((p) => (
              <tr key={`i-${p.name}`}>
                <td>
                  <i className={`tl-dot kind-${p.kind}`} title={KIND_LABEL[p.kind]} /> in <b>{p.name}</b>
                  {p.optional ? <span className="tl-muted"> (optional)</span> : null}
                </td>
                <td className="tl-mono">{shapeText(inputShape(p.name))}</td>
              </tr>
            ))}
            {ports.outputs.map((p) => (
              <tr key={`o-${p.name}`}>
                <td>
                  <i className={`tl-dot kind-${p.kind}`} title={KIND_LABEL[p.kind]} /> out <b>{p.name}</b>
                </td>
                <td className="tl-mono">{shapeText(doc?.outputs[p.name])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {(shapes && Object.keys(shapes.weights).length > 0) || (doc && doc.paramCount > 0) ? (
        <section>
          <h3>Weights</h3>
          <table className="tl-table">
            <tbody>
              {shapes &&
                Object.entries(shapes.weights).map(([name, w]) => (
                  <tr key={name}>
                    <td>
                      {name}
                      {w.trainable === false ? <span className="tl-muted"> (state)</span> : null}
                    </td>
                    <td className="tl-mono">{fmtShape(w.shape)}</td>
                  </tr>
                ))}
              <tr className="tl-total-row">
                <td>parameters</td>
                <td className="tl-mono">{fullCount(doc?.paramCount ?? 0)}</td>
              </tr>
            </tbody>
          </table>
        </section>
      ) : null}
      {isGroup && (
        <section className="tl-actions">
          <button onClick={() => openGroup(node.id)}>Open group</button>
          <button onClick={ungroupSelection}>Ungroup</button>
        </section>
      )}
      {problems.length > 0 && (
        <section>
          <h3>Problems</h3>
          <ProblemList problems={problems} />
        </section>
      )}
    </>
  );
}

function EdgeDetails({ id, graph, analysis }: { id: string; graph: Graph; analysis: Analysis }) {
  const e = graph.edges.find((x) => edgeKey(x) === id);
  if (!e) return null;
  const info = analysis.docShapes.get(e.source)?.outputs[e.sourcePort];
  const problems = analysis.problems.filter((p) => p.edgeId === id || (p.nodeId === e.target && p.port === e.targetPort));
  return (
    <>
      <section className="tl-insp-head">
        <h2>Connection</h2>
        <div className="tl-mono">
          {e.source}.{e.sourcePort} → {e.target}.{e.targetPort}
        </div>
      </section>
      <section>
        <table className="tl-table">
          <tbody>
            <tr>
              <td>shape</td>
              <td className="tl-mono">{shapeText(info)}</td>
            </tr>
          </tbody>
        </table>
      </section>
      {problems.length > 0 && (
        <ProblemList problems={problems} />
      )}
    </>
  );
}

export function GraphTotals({ analysis }: { analysis: Analysis }) {
  const { params, activationElements, batch } = analysis.totals;
  return (
    <section className="tl-totals" data-testid={TID.totals}>
      <h3>Graph totals</h3>
      <table className="tl-table">
        <tbody>
          <tr>
            <td>parameters</td>
            <td className="tl-mono" data-testid={TID.totalParams} title={fullCount(params)}>
              {fullCount(params)}
            </td>
          </tr>
          <tr>
            <td>weights (float32)</td>
            <td className="tl-mono">{bytes(params * 4)}</td>
          </tr>
          <tr title="Adam keeps two moments per weight, and training keeps a gradient per weight">
            <td>weights + gradients + Adam</td>
            <td className="tl-mono">{bytes(params * 4 * 4)}</td>
          </tr>
          <tr title="Sum of every node output at the batch size shown; training keeps these for the backward pass">
            <td>activations at B={batch || '?'}</td>
            <td className="tl-mono">≈ {bytes(activationElements * 4)}</td>
          </tr>
          <tr>
            <td>problems</td>
            <td className="tl-mono">{problemSummary(analysis)}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

export function Inspector() {
  const graph = useDoc((s) => s.graph);
  const selection = useDoc((s) => s.selection);
  const openGroupId = useDoc((s) => s.scope.at(-1));
  const analysis = useAnalysis();
  const nodes = selection.nodes.map((id) => graph.nodes.find((n) => n.id === id)).filter((n): n is GraphNode => !!n);
  let body;
  if (nodes.length === 1) body = <NodeDetails node={nodes[0]} graph={graph} analysis={analysis} />;
  else if (nodes.length > 1) {
    const params = nodes.reduce((a, n) => a + (analysis.docShapes.get(n.id)?.paramCount ?? 0), 0);
    body = (
      <section className="tl-insp-head">
        <h2>{nodes.length} nodes selected</h2>
        <div className="tl-muted">{compactCount(params)} parameters</div>
        <div className="tl-actions">
          <button onClick={() => groupSelection()}>Group (Ctrl+G)</button>
          <button onClick={() => deleteSelection()}>Delete</button>
        </div>
      </section>
    );
  } else if (selection.edges.length === 1) body = <EdgeDetails id={selection.edges[0]} graph={graph} analysis={analysis} />;
  else if (openGroupId && graph.nodes.some((n) => n.id === openGroupId)) {
    // Inside a group with nothing selected: the group being edited.
    body = <NodeDetails node={graph.nodes.find((n) => n.id === openGroupId)!} graph={graph} analysis={analysis} />;
  }
  else
    body = (
      <section className="tl-insp-head">
        <h2>{graph.name}</h2>
        {graph.description && <p className="tl-desc">{graph.description}</p>}
        <div className="tl-muted">
          {graph.nodes.length} nodes · {graph.edges.length} edges. Select a node to see its parameters, formula and shapes.
        </div>
      </section>
    );
  return (
    <div className="tl-inspector" data-testid={TID.inspector}>
      {body}
      <GraphTotals analysis={analysis} />
    </div>
  );
}

function ProblemList({ problems }: { problems: readonly Problem[] }) {
  return (
    <ul className="tl-problem-list">
      {problems.map((p, i) => (
        <li key={i} className={p.severity}>
          {p.message}
        </li>
      ))}
    </ul>
  );
}
