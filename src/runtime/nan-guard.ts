// Finds where a NaN or infinity first appears: a weight, or the first node (in forward order)
// whose output is not finite. Used when a reported loss goes bad.
import type { NoiseSource } from '../../nodes/api';
import { tf } from '../../nodes/tf';
import type { Program, TensorMap } from '../compiler/program';

const finite = (t: tf.Tensor): boolean => tf.tidy(() => tf.all(tf.isFinite(tf.cast(t, 'float32'))).dataSync()[0] === 1);

export function findBadValue(program: Program, feeds: TensorMap, vars: Map<string, tf.Tensor>, noise: NoiseSource, step: number): string {
  for (const w of program.weights) {
    const v = vars.get(w.key);
    if (v && !finite(v)) return `weight ${w.name} of ${program.byId.get(w.nodeId)?.type ?? 'node'} "${w.nodeId}" is NaN or infinite`;
  }
  return tf.tidy(() => {
    const targets = program.order.filter((n) => !n.def.inferenceOnly).map((n) => ({ nodeId: n.id, port: '' }));
    const values = program.forward(feeds, vars, { training: true, noise, step, targets });
    for (const n of program.order) {
      for (const [key, t] of values) {
        if (!key.startsWith(`${n.id}.`) || n.def.openData) continue;
        if (!finite(t)) return `the output ${key.slice(n.id.length + 1)} of ${n.type} "${n.id}" went NaN or infinite`;
      }
    }
    return 'the loss went NaN or infinite, but no node output did on a fresh batch (an unlucky batch or learning rate too high)';
  });
}
