import { defineNode, p } from './api';

// A group is a named subgraph drawn as one node. It is expanded by the compiler (repeat k
// copies in series) before anything runs, so infer/forward are never called on it; its ports
// are those of the graph-input / graph-output nodes inside it.
export default defineNode<{ repeat: number; sharedWeights: boolean }>({
  type: 'group',
  title: 'Group',
  category: 'groups',
  description:
    'A named subgraph shown as one node. Repeat ×k stacks k copies in series (output i of one copy feeds input i of the next), each with its own weights unless shared.',
  formula: 'y = f_k \\circ \\dots \\circ f_1 (x)',
  params: {
    repeat: p.int(1, 1, 64, { label: 'repeat ×' }),
    sharedWeights: p.bool(false, { label: 'shared weights' }),
  },
  inputs: [],
  outputs: [],
  infer(ctx) {
    return ctx.fail(undefined, 'groups are expanded before shape inference');
  },
  forward() {
    throw new Error('groups are expanded before they run');
  },
});
