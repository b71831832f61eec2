import { defineNode, p, type PortSpec, type TensorInfo, type tf } from './api';

const KINDS = ['tensor', 'tokens', 'scalar'] as const;
type Kind = (typeof KINDS)[number];

// The ports of a group. Inside the group a graph-input is a source and a graph-output a sink;
// after expansion the compiler wires them to the outside (port 'x' of graph-input, port 'y' of
// graph-output), and both pass their tensor through unchanged.
export const graphInput = defineNode<{ name: string; kind: Kind; optional: boolean }>({
  type: 'graph-input',
  title: 'Group input',
  category: 'groups',
  description: 'An input port of the enclosing group: what is wired to that port outside comes out here.',
  formula: 'y = x',
  params: { name: p.string('x', 32, { label: 'port name' }), kind: p.select(KINDS, 'tensor'), optional: p.bool(false) },
  inputs: [],
  outputs: (pr): PortSpec[] => [{ name: 'y', kind: pr.kind }],
  incremental: 'positionwise',
  infer(ctx) {
    const x = ctx.input('x');
    if (!x) {
      if (ctx.params.optional) return {} as Record<string, TensorInfo>;
      return ctx.fail(undefined, `group input "${ctx.params.name}" is not connected outside the group`);
    }
    return { y: x };
  },
  forward: ({ inputs }): Record<string, tf.Tensor> => (inputs.x ? { y: inputs.x } : {}),
});

export const graphOutput = defineNode<{ name: string; kind: Kind }>({
  type: 'graph-output',
  title: 'Group output',
  category: 'groups',
  description: 'An output port of the enclosing group: what is wired in here leaves the group on that port.',
  formula: 'y = x',
  params: { name: p.string('y', 32, { label: 'port name' }), kind: p.select(KINDS, 'tensor') },
  inputs: (pr): PortSpec[] => [{ name: 'x', kind: pr.kind }],
  outputs: [],
  incremental: 'positionwise',
  infer: (ctx) => ({ y: ctx.need('x') }),
  forward: ({ inputs }) => ({ y: inputs.x! }),
});
