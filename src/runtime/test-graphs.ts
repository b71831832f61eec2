// Small graphs of each model family, sized so tests train them in seconds: a causal
// transformer language model, a Seq2Seq transformer, a VAE on digits and a Bayesian
// regression. Used by the runtime tests and the e2e tests.
import { GraphBuilder } from '../graph/builder';
import type { Graph, TrainingSettings } from '../graph/schema';

/** Distinct characters of the built-in tiny-stories corpus: the vocabulary of a char model on it. */
export const TINY_STORIES_V = 44;

/** One causal self-attention block over characters, with a beam decoder. */
export function tinyLanguageModel(opts: { context?: number; batch?: number; dModel?: number; heads?: number; layers?: number } = {}, training: Partial<TrainingSettings> = {}): Graph {
  const { context = 16, batch = 8, dModel = 32, heads = 2, layers = 1 } = opts;
  const b = new GraphBuilder('Tiny causal transformer')
    .node('corpus', 'text-corpus', { corpus: 'tiny-stories', tokenizer: 'char', contextLength: context, batchSize: batch })
    .node('emb', 'embedding', { vocabSize: TINY_STORIES_V, dModel })
    .node('pos', 'positional-encoding', { kind: 'sinusoidal' })
    .node('block', 'group', { repeat: layers }, { label: 'Block' })
    .node('in', 'graph-input', { name: 'x', kind: 'tensor' }, { parent: 'block' })
    .node('attn', 'multi-head-attention', { heads, causal: true }, { parent: 'block' })
    .node('norm1', 'residual-norm', {}, { parent: 'block' })
    .node('ff', 'feed-forward', { dHidden: dModel * 2, activation: 'gelu' }, { parent: 'block' })
    .node('norm2', 'residual-norm', {}, { parent: 'block' })
    .node('out', 'graph-output', { name: 'y', kind: 'tensor' }, { parent: 'block' })
    .node('head', 'dense', { units: TINY_STORIES_V })
    .node('ce', 'cross-entropy', {})
    .node('decoder', 'beam-decoder', { beamWidth: 3, maxLength: 24 })
    .edge('corpus.tokens', 'emb.tokens')
    .edge('emb.y', 'pos.x')
    .edge('pos.y', 'block.x')
    .edge('in.y', 'attn.q')
    .edge('in.y', 'norm1.x')
    .edge('attn.y', 'norm1.fx')
    .edge('norm1.y', 'ff.x')
    .edge('norm1.y', 'norm2.x')
    .edge('ff.y', 'norm2.fx')
    .edge('norm2.y', 'out.x')
    .edge('block.y', 'head.x')
    .edge('head.y', 'ce.logits')
    .edge('corpus.targets', 'ce.targets')
    .edge('head.y', 'decoder.logits');
  return b.build({ learningRate: 0.01, steps: 60, reportEvery: 5, validateEvery: 20, seed: 1, ...training });
}

/** Reverse short strings: encoder self-attention, decoder causal self- and cross-attention. */
export function tinySeq2Seq(training: Partial<TrainingSettings> = {}): Graph {
  return new GraphBuilder('Tiny Seq2Seq')
    .node('pairs', 'sequence-pairs', { task: 'reverse', minLength: 2, maxLength: 4, count: 300, batchSize: 16 })
    .node('srcEmb', 'embedding', { vocabSize: 32, dModel: 16 })
    .node('srcPos', 'positional-encoding', {})
    .node('enc', 'multi-head-attention', { heads: 2, causal: false })
    .node('encNorm', 'residual-norm', {})
    .node('tgtEmb', 'embedding', { vocabSize: 32, dModel: 16 })
    .node('tgtPos', 'positional-encoding', {})
    .node('self', 'multi-head-attention', { heads: 2, causal: true })
    .node('selfNorm', 'residual-norm', {})
    .node('cross', 'multi-head-attention', { heads: 2, causal: false })
    .node('crossNorm', 'residual-norm', {})
    .node('head', 'dense', { units: 32 })
    .node('ce', 'cross-entropy', {})
    .node('decoder', 'beam-decoder', { beamWidth: 2, maxLength: 6 })
    .edge('pairs.src', 'srcEmb.tokens')
    .edge('srcEmb.y', 'srcPos.x')
    .edge('srcPos.y', 'enc.q')
    .edge('srcPos.y', 'encNorm.x')
    .edge('enc.y', 'encNorm.fx')
    .edge('pairs.tgtIn', 'tgtEmb.tokens')
    .edge('tgtEmb.y', 'tgtPos.x')
    .edge('tgtPos.y', 'self.q')
    .edge('tgtPos.y', 'selfNorm.x')
    .edge('self.y', 'selfNorm.fx')
    .edge('selfNorm.y', 'cross.q')
    .edge('encNorm.y', 'cross.kv')
    .edge('selfNorm.y', 'crossNorm.x')
    .edge('cross.y', 'crossNorm.fx')
    .edge('crossNorm.y', 'head.x')
    .edge('head.y', 'ce.logits')
    .edge('pairs.tgtOut', 'ce.targets')
    .edge('head.y', 'decoder.logits')
    .build({ learningRate: 0.01, steps: 40, reportEvery: 5, validateEvery: 0, ...training });
}

/** An RNN encoder–decoder with one attention head over the encoder's outputs (Bahdanau style). */
export function tinyRnnAttention(training: Partial<TrainingSettings> = {}): Graph {
  return new GraphBuilder('Tiny RNN with attention')
    .node('pairs', 'sequence-pairs', { task: 'reverse', minLength: 2, maxLength: 4, count: 300, batchSize: 16 })
    .node('srcEmb', 'embedding', { vocabSize: 32, dModel: 16 })
    .node('encoder', 'rnn', { cell: 'gru', units: 16 })
    .node('tgtEmb', 'embedding', { vocabSize: 32, dModel: 16 })
    .node('decoder', 'rnn', { cell: 'gru', units: 16 })
    .node('attn', 'attention-head', { dHead: 16, causal: false })
    .node('join', 'concat', {})
    .node('head', 'dense', { units: 32 })
    .node('ce', 'cross-entropy', {})
    .node('beam', 'beam-decoder', { beamWidth: 2, maxLength: 6 })
    .edge('pairs.src', 'srcEmb.tokens')
    .edge('srcEmb.y', 'encoder.x')
    .edge('pairs.tgtIn', 'tgtEmb.tokens')
    .edge('tgtEmb.y', 'decoder.x')
    .edge('encoder.h', 'decoder.h0')
    .edge('decoder.sequence', 'attn.q')
    .edge('encoder.sequence', 'attn.kv')
    .edge('decoder.sequence', 'join.a')
    .edge('attn.y', 'join.b')
    .edge('join.y', 'head.x')
    .edge('head.y', 'ce.logits')
    .edge('pairs.tgtOut', 'ce.targets')
    .edge('head.y', 'beam.logits')
    .build({ learningRate: 0.01, steps: 20, reportEvery: 5, validateEvery: 0, ...training });
}

/**
 * A 2-D latent VAE on 8×8 digits: bce reconstruction + KL. bce is a mean over the 64 pixels,
 * so the KL weight is about 1/64 of the usual ELBO weight; at β = 1 the posterior collapses.
 */
export function tinyVae(training: Partial<TrainingSettings> = {}): Graph {
  return new GraphBuilder('Tiny VAE')
    .node('digits', 'image-set', { set: 'digits', size: 8, count: 300, batchSize: 16 })
    .node('enc', 'dense', { units: 32, activation: 'relu' })
    .node('mu', 'dense', { units: 2 })
    .node('logVar', 'dense', { units: 2 })
    .node('sampler', 'gaussian-sampler', { mode: 'mean' })
    .node('dec', 'dense', { units: 32, activation: 'relu' })
    .node('out', 'dense', { units: 64, activation: 'sigmoid' })
    .node('recon', 'bce', {})
    .node('kl', 'kl-loss', { beta: 0.01 })
    .edge('digits.images', 'enc.x')
    .edge('enc.y', 'mu.x')
    .edge('enc.y', 'logVar.x')
    .edge('mu.y', 'sampler.mu')
    .edge('logVar.y', 'sampler.logVar')
    .edge('sampler.z', 'dec.x')
    .edge('dec.y', 'out.x')
    .edge('out.y', 'recon.prediction')
    .edge('digits.images', 'recon.target')
    .edge('sampler.kl', 'kl.kl')
    .build({ learningRate: 0.01, steps: 40, reportEvery: 5, validateEvery: 0, ...training });
}

/** Bayes-by-backprop regression on the sine toy data: two Gaussian weight matrices. */
export function tinyBayes(training: Partial<TrainingSettings> = {}, data: { seed?: number; N?: number } = {}): Graph {
  return new GraphBuilder('Tiny Bayesian net')
    .node('toy', 'toy-2d', { dataset: 'sine', noise: 0.1, N: data.N ?? 256, batchSize: 32, seed: data.seed ?? 1 })
    .node('w1', 'gaussian-weights', { shape: [1, 16] })
    .node('h', 'dense', { units: 16, activation: 'tanh' })
    .node('w2', 'gaussian-weights', { shape: [16, 1] })
    .node('y', 'dense', { units: 1 })
    .node('mse', 'mse', {})
    .node('kl1', 'kl-loss', { beta: 0.001 })
    .node('kl2', 'kl-loss', { beta: 0.001 })
    .edge('toy.x', 'h.x')
    .edge('w1.w', 'h.kernel')
    .edge('h.y', 'y.x')
    .edge('w2.w', 'y.kernel')
    .edge('y.y', 'mse.prediction')
    .edge('toy.y', 'mse.target')
    .edge('w1.kl', 'kl1.kl')
    .edge('w2.kl', 'kl2.kl')
    .build({ learningRate: 0.02, steps: 40, reportEvery: 5, validateEvery: 0, ...training });
}

/** A plain regression MLP: with plain SGD at a huge learning rate its weights overflow. */
export function divergingRegression(training: Partial<TrainingSettings> = {}): Graph {
  return new GraphBuilder('Diverging regression')
    .node('toy', 'toy-2d', { dataset: 'sine', noise: 0.1, N: 128, batchSize: 16 })
    .node('hidden', 'dense', { units: 16, activation: 'relu' })
    .node('out', 'dense', { units: 1 })
    .node('mse', 'mse', {})
    .edge('toy.x', 'hidden.x')
    .edge('hidden.y', 'out.x')
    .edge('out.y', 'mse.prediction')
    .edge('toy.y', 'mse.target')
    .build({ optimizer: 'sgd', learningRate: 10, clipNorm: 0, steps: 200, reportEvery: 1, validateEvery: 0, ...training });
}
