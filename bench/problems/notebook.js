/**
 * The notebook's scalar functions (examples/notebook.ts): f(x, y) = x²y + y + 2 at (3, 4) and
 * z(x) = sin(x²) at 3. Gradients by every technique; TF.js as its users write it for scalars
 * (tf.valueAndGrads over tf.scalar inputs, results read back with dataSync).
 */
import { compiled, primal } from '../lib/modules.js';
import {
  compiledGradient, finiteDifferences, handwritten, primalTechnique, read, runtimeTechniques, tensorflow,
} from '../lib/techniques.js';
import { fGradInto, zGradInto } from '../handwritten/notebook.js';

/** f and z written once against the runtime's Ops interface (p = [x, y] or [x]). */
export const fOps = (o, p) => o.add(o.add(o.mul(o.mul(p[0], p[0]), p[1]), p[1]), 2);
export const zOps = (o, p) => o.sin(o.pow(p[0], 2));

export async function problems({ tf }) {
  const P = await primal('notebook');
  const C = await compiled('notebook');
  const f = {
    id: 'notebook-f', group: 'gradient', title: "notebook f(x, y) = x²y + y + 2", n: 2, scalar: true, ops: 4,
    techniques: [
      primalTechnique(P.f, [3, 4]),
      ...compiledGradient(C, 'f', [3, 4], 2),
      handwritten(fGradInto, [3, 4], 2),
      ...runtimeTechniques(fOps, Float64Array.of(3, 4), null),
      finiteDifferences(P.f, [3, 4], [0, 1]),
      tensorflow(tf, 'tf.valueAndGrads', (t) => {
        const vg = t.valueAndGrads((x, y) => t.add(t.add(t.mul(t.mul(x, x), y), y), 2));
        return () => {
          const { value, grads } = vg([t.scalar(3), t.scalar(4)]);
          return { value: read(value)[0], grad: read(...grads) };
        };
      }),
    ],
  };
  const z = {
    id: 'notebook-z', group: 'gradient', title: 'notebook z(x) = sin(x²)', n: 1, scalar: true,
    techniques: [
      primalTechnique(P.z, [3]),
      ...compiledGradient(C, 'z', [3], 1),
      handwritten(zGradInto, [3], 1),
      ...runtimeTechniques(zOps, Float64Array.of(3), null),
      finiteDifferences(P.z, [3], [0]),
      tensorflow(tf, 'tf.valueAndGrads', (t) => {
        const vg = t.valueAndGrads((x) => t.sin(t.pow(x, 2)));
        return () => {
          const { value, grads } = vg([t.scalar(3)]);
          return { value: read(value)[0], grad: read(...grads) };
        };
      }),
    ],
  };
  return [f, z];
}
