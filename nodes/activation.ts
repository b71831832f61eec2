import { ACTIVATION_TEX, activate, defineNode, p, type Activation } from './api';

const FUNCTIONS = ['relu', 'gelu', 'tanh', 'sigmoid', 'softmax'] as const;

export default defineNode<{ activation: Exclude<Activation, 'linear'> }>({
  type: 'activation',
  title: 'Activation',
  category: 'layers',
  description: 'Applies a function elementwise: relu, gelu (exact erf form), tanh or sigmoid; softmax normalises over the last axis.',
  formula: `y = f(x),\\quad f \\in \\{${FUNCTIONS.map((f) => ACTIVATION_TEX[f]).join(',\\ ')}\\}`,
  params: {
    activation: p.select(FUNCTIONS, 'relu'),
  },
  inputs: [{ name: 'x', kind: 'tensor' }],
  outputs: [{ name: 'y', kind: 'tensor', description: 'same shape as x' }],
  incremental: 'positionwise',
  infer(ctx) {
    const x = ctx.need('x');
    if (x.dtype !== 'float32') ctx.fail('x', 'input x must hold float activations, got integer ids');
    if (ctx.params.activation === 'softmax') ctx.rank('x', x, [1, 6], '..., D');
    return { y: { shape: [...x.shape], dtype: 'float32' } };
  },
  forward({ inputs, params }) {
    return { y: activate(inputs.x!, params.activation) };
  },
});
