/**
 * The ADBench GMM objective (examples/gmm.ts) on ADBench's inputs gmm_d2_K5, gmm_d10_K25 and
 * gmm_d20_K50 (1,000 points each; quick mode: d2_K5 only), differentiated with respect to alphas,
 * means and icf. Skipped with a message when the data directory is absent.
 *
 * The runtime techniques run `gmmOps`, the objective written against the Ops interface. Its
 * log-sum-exp subtracts the maximum as a constant read from the current values (the Ops
 * interface has no max; LSE's derivative is the same for any shift). TF.js is written vectorized
 * as ADBench's TensorFlow version is: Q built by a gather, a batched matMul over all points,
 * tf.logSumExp, tf.valueAndGrads over [alphas, means, icf].
 */
import path from 'node:path';
import { Node } from '../../dist/runtime/index.js';
import { exists, gmmConstant, readGmm } from '../lib/adbench.js';
import { compiled, primal } from '../lib/modules.js';
import { ADBENCH } from '../lib/paths.js';
import {
  compiledGradient, finiteDifferences, handwritten, primalTechnique, read, runtimeTechniques, tensorflow,
} from '../lib/techniques.js';
import { gmmGradInto } from '../handwritten/gmm.js';

export const FILES = ['gmm_d2_K5', 'gmm_d10_K25', 'gmm_d20_K50'];

/** The current number value of a technique's T (a graph node is evaluated). */
const num = (v) => (typeof v === 'number' ? v : v instanceof Node ? v.evaluate() : v.value);

function lse(o, v) {
  let mx = -Infinity;
  for (const e of v) mx = Math.max(mx, num(e));
  let s = 0;
  for (const e of v) s = o.add(s, o.exp(o.sub(e, mx)));
  return o.add(o.log(s), mx);
}

/** main_c = α_c + Σ q_cj − ½‖Q_c(xᵢ − μ_c)‖² for point i, component c. */
function mainTerm(o, p, { d, k, x }, i, c, xc, qx) {
  const icfSize = (d * (d + 1)) / 2;
  const q0 = k + k * d + c * icfSize;
  let sumQs = 0;
  for (let j = 0; j < d; j++) {
    xc[j] = o.sub(x[i * d + j], p[k + c * d + j]);
    sumQs = o.add(sumQs, p[q0 + j]);
    qx[j] = o.mul(o.exp(p[q0 + j]), xc[j]);
  }
  let li = q0 + d;
  for (let col = 0; col < d; col++) {
    for (let row = col + 1; row < d; row++) qx[row] = o.add(qx[row], o.mul(p[li++], xc[col]));
  }
  let sq = 0;
  for (let j = 0; j < d; j++) sq = o.add(sq, o.mul(qx[j], qx[j]));
  return o.sub(o.add(p[c], sumQs), o.mul(0.5, sq));
}

/** The GMM objective against the Ops interface; p = [alphas, means, icf] flattened. */
export function gmmOps(o, p, D) {
  const { d, k, n, gamma, m, constant } = D;
  const icfSize = (d * (d + 1)) / 2;
  const main = new Array(k);
  const xc = new Array(d);
  const qx = new Array(d);
  let slse = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) main[c] = mainTerm(o, p, D, i, c, xc, qx);
    slse = o.add(slse, lse(o, main));
  }
  let out = o.sub(o.add(constant, slse), o.mul(n, lse(o, p.slice(0, k))));
  for (let c = 0; c < k; c++) {
    const q0 = k + k * d + c * icfSize;
    let frobenius = 0;
    let sumQs = 0;
    for (let j = 0; j < d; j++) {
      frobenius = o.add(frobenius, o.exp(o.mul(2, p[q0 + j])));
      sumQs = o.add(sumQs, p[q0 + j]);
    }
    for (let j = d; j < icfSize; j++) frobenius = o.add(frobenius, o.mul(p[q0 + j], p[q0 + j]));
    out = o.add(out, o.sub(o.mul(0.5 * gamma * gamma, frobenius), o.mul(m, sumQs)));
  }
  return out;
}

/** Index map turning a row [e^{q} (d), lower triangle, 0] into the d×d matrix Q (row-major). */
function qIndex(d) {
  const icfSize = (d * (d + 1)) / 2;
  const idx = new Int32Array(d * d).fill(icfSize);
  let li = d;
  for (let col = 0; col < d; col++) {
    idx[col * d + col] = col;
    for (let row = col + 1; row < d; row++) idx[row * d + col] = li++;
  }
  return idx;
}

/** The objective in TF.js, vectorized over points and components. */
function gmmTf(t, { d, k, n, gamma, m, constant }, xt, idx) {
  const icfSize = (d * (d + 1)) / 2;
  return (alphas, means, icf) => {
    const logdiag = t.slice(icf, [0, 0], [k, d]);
    const lower = t.slice(icf, [0, d], [k, icfSize - d]);
    const full = t.concat([t.exp(logdiag), lower, t.zeros([k, 1])], 1);
    const Q = t.reshape(t.gather(full, idx, 1), [k, d, d]);
    const xcT = t.transpose(t.sub(t.expandDims(xt, 1), t.expandDims(means, 0)), [1, 2, 0]); // k×d×n
    const sq = t.sum(t.square(t.matMul(Q, xcT)), 1); // k×n
    const main = t.sub(t.expandDims(t.add(alphas, t.sum(logdiag, 1)), 1), t.mul(0.5, sq));
    const slse = t.sum(t.logSumExp(main, 0));
    const frobenius = t.add(t.sum(t.exp(t.mul(2, logdiag))), t.sum(t.square(lower)));
    const prior = t.sub(t.mul(0.5 * gamma * gamma, frobenius), t.mul(m, t.sum(logdiag)));
    return t.add(t.sub(t.add(constant, slse), t.mul(n, t.logSumExp(alphas))), prior);
  };
}

function problem(name, data, P, C, tf) {
  const { d, k, n, alphas, means, icf, x, gamma, m } = data;
  const constant = gmmConstant(data);
  const args = [alphas, means, icf, x, gamma, m, constant];
  const flatX = Float64Array.from([...alphas, ...means, ...icf]);
  const size = flatX.length;
  const D = { d, k, n, x, gamma, m, constant };
  return {
    id: name, group: 'gradient', title: `GMM ${name.slice(4)} (d = ${d}, K = ${k}, ${n} points)`, n: size,
    notes: data.rowsInFile < n ? [`${name}: the file holds ${data.rowsInFile} point rows, replicated to ${n}`] : [],
    techniques: [
      primalTechnique(P.gmmObjective, args),
      ...compiledGradient(C, 'gmmObjective', args, size),
      handwritten(gmmGradInto, args, size),
      ...runtimeTechniques(gmmOps, flatX, D),
      finiteDifferences(P.gmmObjective, args, [0, 1, 2]),
      tensorflow(tf, 'tf.valueAndGrads, vectorized', (t) => {
        const xt = t.keep(t.tensor2d(Float32Array.from(x), [n, d]));
        const idx = t.keep(t.tensor1d(qIndex(d), 'int32'));
        const vg = t.valueAndGrads(gmmTf(t, D, xt, idx));
        return () => {
          const { value, grads } = vg([
            t.tensor1d(Float32Array.from(alphas)),
            t.tensor2d(Float32Array.from(means), [k, d]),
            t.tensor2d(Float32Array.from(icf), [k, (d * (d + 1)) / 2]),
          ]);
          return { value: read(value)[0], grad: read(...grads) };
        };
      }),
    ],
  };
}

export async function problems({ tf, quick, log }) {
  const P = await primal('gmm');
  const C = await compiled('gmm');
  const out = [];
  for (const name of quick ? FILES.slice(0, 1) : FILES) {
    const file = path.join(ADBENCH, 'gmm', `${name}.txt`);
    if (!exists(file)) {
      log(`  ${name}: skipped, ${file} not found`);
      out.push({ id: name, group: 'gradient', title: `GMM ${name.slice(4)}`, missing: `input ${file} not found`, techniques: [] });
      continue;
    }
    out.push(problem(name, readGmm(file), P, C, tf));
  }
  return out;
}
