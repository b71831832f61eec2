import { defineNode, float, linear, p, tf, type PortSpec, type TensorInfo } from './api';

type Cell = 'simple' | 'lstm' | 'gru';
const CELLS = ['simple', 'lstm', 'gru'] as const;

/** Gate blocks per cell: the kernels are [·, gates·H], blocks side by side in the order below. */
const GATES: Record<Cell, number> = { simple: 1, lstm: 4, gru: 3 };

type Params = { cell: Cell; units: number };

/** One time step: the new hidden state (and cell state for the LSTM). */
interface CellState {
  h: tf.Tensor;
  c?: tf.Tensor;
}

/**
 * One step of the recurrence. `xw` = x_t·W + b was computed for all steps at once (one big
 * matmul instead of T small ones); only h·U has to wait for the previous step.
 */
function step(cell: Cell, xw: tf.Tensor, prev: CellState, recurrentKernel: tf.Tensor): CellState {
  const hu = tf.matMul(prev.h as tf.Tensor2D, recurrentKernel as tf.Tensor2D);
  switch (cell) {
    case 'simple':
      return { h: tf.tanh(tf.add(xw, hu)) };
    case 'lstm': {
      // torch.nn.LSTM order: input, forget, cell candidate, output.
      const [i, f, g, o] = tf.split(tf.add(xw, hu), 4, 1);
      const c = tf.add(tf.mul(tf.sigmoid(f), prev.c!), tf.mul(tf.sigmoid(i), tf.tanh(g)));
      return { h: tf.mul(tf.sigmoid(o), tf.tanh(c)), c };
    }
    case 'gru': {
      // torch.nn.GRU order: reset, update, new. The reset gate scales only the recurrent part
      // of the candidate, so x·W and h·U stay separate for that block.
      const [xr, xz, xn] = tf.split(xw, 3, 1);
      const [hr, hz, hn] = tf.split(hu, 3, 1);
      const r = tf.sigmoid(tf.add(xr, hr));
      const z = tf.sigmoid(tf.add(xz, hz));
      const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
      // h' = (1 − z)·n + z·h, written as n + z·(h − n).
      return { h: tf.add(n, tf.mul(z, tf.sub(prev.h, n))) };
    }
  }
}

const inputPorts = (params: Params): PortSpec[] => [
  { name: 'x', kind: 'tensor', description: '[B, T, D]' },
  {
    name: 'h0',
    kind: 'tensor',
    optional: true,
    feedback: true,
    description: '[B, H] initial hidden state (zeros when absent); may be fed back from h',
  },
  ...(params.cell === 'lstm'
    ? [
        {
          name: 'c0',
          kind: 'tensor',
          optional: true,
          feedback: true,
          description: '[B, H] initial cell state (zeros when absent); may be fed back from c',
        } satisfies PortSpec,
      ]
    : []),
];

const outputPorts = (params: Params): PortSpec[] => [
  { name: 'sequence', kind: 'tensor', description: '[B, T, H] hidden state at every step' },
  { name: 'h', kind: 'tensor', description: '[B, H] final hidden state' },
  ...(params.cell === 'lstm' ? [{ name: 'c', kind: 'tensor', description: '[B, H] final cell state' } satisfies PortSpec] : []),
];

export default defineNode<Params>({
  type: 'rnn',
  title: 'RNN',
  category: 'recurrent',
  description:
    'Recurrent layer over the time axis. simple: h = tanh(x·W + h·U + b). ' +
    'lstm: gates i, f, g, o side by side in the kernels (torch.nn.LSTM order; its two biases summed into one). ' +
    'gru: gates r, z, n (torch.nn.GRU order); the single bias sits on the input side, so n = tanh(x·W_n + b_n + r ⊙ (h·U_n)) and h = (1−z)⊙n + z⊙h ' +
    '(torch with bias_hh = 0). Only the LSTM has a cell state: its c0 input and c output exist for cell lstm alone. ' +
    'h0/c0 default to zeros and accept a fed-back final state. In generation it carries h (and c) from one new token to the next.',
  formula: 'g_t = x_t W + h_{t-1} U + b,\\quad (h_t, c_t) = \\mathrm{cell}(g_t, h_{t-1}, c_{t-1})',
  params: {
    cell: p.select(CELLS, 'lstm'),
    units: p.int(64, 1, 4096, { label: 'units H' }),
  },
  inputs: inputPorts,
  outputs: outputPorts,
  incremental: 'stateful',
  infer(ctx) {
    const { cell, units } = ctx.params;
    const x = ctx.need('x');
    ctx.rank('x', x, 3, 'B, T, D');
    if (x.dtype !== 'float32') ctx.fail('x', 'input x must hold float activations, got integer ids (add an embedding first)');
    const batch = x.shape[0];
    const checkState = (port: 'h0' | 'c0', info: TensorInfo | undefined) => {
      if (!info) return;
      ctx.rank(port, info, 2, 'B, H');
      ctx.same(port, info.shape[0], 'input x', batch, 'B');
      ctx.same(port, info.shape[1], 'param units', units, 'H');
    };
    checkState('h0', ctx.input('h0'));
    const c0 = ctx.input('c0');
    if (c0 && cell !== 'lstm') ctx.fail('c0', `input c0 is only used by cell lstm, this node has cell ${cell}`);
    checkState('c0', c0);
    const out: Record<string, TensorInfo> = {
      sequence: float([batch, x.shape[1], units]),
      h: float([batch, units]),
    };
    if (cell === 'lstm') out.c = float([batch, units]);
    return out;
  },
  weights(ctx) {
    const { cell, units } = ctx.params;
    const inDim = ctx.known('x', ctx.need('x'), -1, 'D');
    const gh = GATES[cell] * units;
    return {
      kernel: { shape: [inDim, gh], init: 'glorot' },
      recurrentKernel: { shape: [units, gh], init: 'glorot' },
      bias: { shape: [gh], init: 'zeros' },
    };
  },
  forward({ inputs, weights, params, cache }) {
    const { cell, units } = params;
    const x = inputs.x!;
    const batch = x.shape[0];
    const zeros = () => tf.zeros([batch, units]);
    // In incremental generation x holds only the new steps; the state after the previous
    // ones is in the cache. The first call (empty cache) starts from h0/c0 like training.
    let state: CellState = {
      h: cache?.get('h') ?? inputs.h0 ?? zeros(),
      c: cell === 'lstm' ? (cache?.get('c') ?? inputs.c0 ?? zeros()) : undefined,
    };
    const xw = tf.unstack(linear(x, weights.kernel, weights.bias), 1);
    const hs: tf.Tensor[] = [];
    for (const xt of xw) {
      state = step(cell, xt, state, weights.recurrentKernel);
      hs.push(state.h);
    }
    if (cache) {
      cache.set('h', state.h);
      if (state.c) cache.set('c', state.c);
    }
    // T = 0 has no steps: the sequence is empty and the state passes through.
    const sequence = hs.length ? tf.stack(hs, 1) : tf.zeros([batch, 0, units]);
    const out: Record<string, tf.Tensor> = { sequence, h: state.h };
    if (state.c) out.c = state.c;
    return out;
  },
});
