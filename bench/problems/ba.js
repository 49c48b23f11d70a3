/**
 * Bundle adjustment (examples/ba.ts): the 2×15 Jacobian of one observation's weighted
 * reprojection residual with respect to the camera (11), the point (3) and the weight, on the
 * ADBench camera/point/feature of ba1_n49_m7776_p31843.txt (every ADBench BA file holds the same
 * one camera, point and feature, replicated; the full ADBench Jacobian is p such blocks).
 * TF.js computes the residual with vector ops (Rodrigues' formula via gathers for the cross
 * product) and the two Jacobian rows with tf.grads and an upstream gradient dy = e₀, e₁.
 */
import path from 'node:path';
import { Node } from '../../dist/runtime/index.js';
import { exists, readBa } from '../lib/adbench.js';
import { compiled, exportOf, primal } from '../lib/modules.js';
import { ADBENCH } from '../lib/paths.js';
import { finiteDifferences, opaqueCaller, primalTechnique, read, runtimeTechniques, tensorflow } from '../lib/techniques.js';
import { flatten } from '../lib/runtime.js';

export const FILE = 'ba1_n49_m7776_p31843';

const num = (v) => (typeof v === 'number' ? v : v instanceof Node ? v.evaluate() : v.value);

/** Rodrigues' rotation of pt by the angle-axis rot (the branch taken by the values, as in ba.ts). */
function rotate(o, rot, pt) {
  const sqtheta = o.add(o.add(o.mul(rot[0], rot[0]), o.mul(rot[1], rot[1])), o.mul(rot[2], rot[2]));
  const cross = (a, b) => [
    o.sub(o.mul(a[1], b[2]), o.mul(a[2], b[1])),
    o.sub(o.mul(a[2], b[0]), o.mul(a[0], b[2])),
    o.sub(o.mul(a[0], b[1]), o.mul(a[1], b[0])),
  ];
  if (num(sqtheta) === 0) return cross(rot, pt).map((c, i) => o.add(pt[i], c));
  const theta = o.sqrt(sqtheta);
  const cos = o.cos(theta);
  const sin = o.sin(theta);
  const w = rot.map((r) => o.div(r, theta));
  const dot = o.add(o.add(o.mul(w[0], pt[0]), o.mul(w[1], pt[1])), o.mul(w[2], pt[2]));
  const tmp = o.mul(o.sub(1, cos), dot);
  return cross(w, pt).map((c, i) => o.add(o.add(o.mul(pt[i], cos), o.mul(c, sin)), o.mul(w[i], tmp)));
}

/** The residual against the runtime's Ops interface; p = [cam (11), X (3), w]. */
export function baOps(o, p, { feat }) {
  const cam = p.slice(0, 11);
  const centered = [0, 1, 2].map((i) => o.sub(p[11 + i], cam[3 + i]));
  const r = rotate(o, cam.slice(0, 3), centered);
  const px = o.div(r[0], r[2]);
  const py = o.div(r[1], r[2]);
  const rsq = o.add(o.mul(px, px), o.mul(py, py));
  const distortion = o.add(o.add(1, o.mul(cam[9], rsq)), o.mul(o.mul(cam[10], rsq), rsq));
  const projX = o.add(o.mul(o.mul(px, distortion), cam[6]), cam[7]);
  const projY = o.add(o.mul(o.mul(py, distortion), cam[6]), cam[8]);
  return [o.mul(p[14], o.sub(projX, feat[0])), o.mul(p[14], o.sub(projY, feat[1]))];
}

/** The residual in TF.js: cam [11], X [3], w scalar → [2]. */
function baTf(t, feat) {
  const featT = t.keep(t.tensor1d(Float32Array.from(feat)));
  const [i120, i201] = [t.keep(t.tensor1d([1, 2, 0], 'int32')), t.keep(t.tensor1d([2, 0, 1], 'int32'))];
  const cross = (a, b) => t.sub(t.mul(t.gather(a, i120), t.gather(b, i201)), t.mul(t.gather(a, i201), t.gather(b, i120)));
  return (cam, X, w) => {
    const rot = t.slice(cam, 0, 3);
    const pt = t.sub(X, t.slice(cam, 3, 3));
    const theta = t.sqrt(t.sum(t.square(rot)));
    const axis = t.div(rot, theta);
    const cos = t.cos(theta);
    const tmp = t.mul(t.sub(1, cos), t.sum(t.mul(axis, pt)));
    const r = t.add(t.add(t.mul(pt, cos), t.mul(cross(axis, pt), t.sin(theta))), t.mul(axis, tmp));
    const proj = t.div(t.slice(r, 0, 2), t.slice(r, 2, 1));
    const rsq = t.sum(t.square(proj));
    const k = t.slice(cam, 9, 2);
    const distortion = t.add(t.add(1, t.mul(t.slice(k, 0, 1), rsq)), t.mul(t.slice(k, 1, 1), t.square(rsq)));
    const projected = t.add(t.mul(t.mul(proj, distortion), t.slice(cam, 6, 1)), t.slice(cam, 7, 2));
    return t.mul(w, t.sub(projected, featT));
  };
}

/** compiled baResidual_jacobian → `{ value, jacobian: rows }`. */
function compiledJacobian(C, args) {
  const jac = exportOf(C, 'baResidual_jacobian');
  return {
    key: 'compiled', label: 'compiled `baResidual_jacobian` (allocating)', skip: jac.skip,
    make: () => {
      const run = opaqueCaller(jac.fn, args);
      return { run, flat: () => flatten(run().jacobian) };
    },
  };
}

/** Both rows by compiled `baResidual_vjp_into` with u = e₀ and u = e₁ (allocation-free). */
function compiledVjpRows(C, args) {
  const vjp = exportOf(C, 'baResidual_vjp_into');
  const rows = [new Float64Array(15), new Float64Array(15)];
  return {
    key: 'compiledInto', label: 'compiled `baResidual_vjp_into` × 2 rows (allocation-free)', skip: vjp.skip,
    make: () => {
      const row0 = opaqueCaller(vjp.fn, [...args, Float64Array.of(1, 0), rows[0]]);
      const row1 = opaqueCaller(vjp.fn, [...args, Float64Array.of(0, 1), rows[1]]);
      const run = () => (row0(), row1(), rows);
      return { run, flat: () => flatten(run()) };
    },
  };
}

export async function problems({ tf, log }) {
  const file = path.join(ADBENCH, 'ba', `${FILE}.txt`);
  if (!exists(file)) {
    log(`  ba: skipped, ${file} not found`);
    return [{ id: 'ba', group: 'jacobian', title: 'bundle adjustment', missing: `input ${file} not found`, techniques: [] }];
  }
  const P = await primal('ba');
  const C = await compiled('ba');
  const { cam, X, w, feat, p } = readBa(file);
  const args = [cam, X, w, feat];
  const flatX = Float64Array.from([...cam, ...X, w]);
  return [{
    id: 'ba', group: 'jacobian', title: 'bundle adjustment, one observation (2×15 Jacobian)', n: 15,
    notes: [`ba: the full Jacobian of ${FILE} is ${p.toLocaleString('en-US')} such blocks (time × ${p.toLocaleString('en-US')})`],
    techniques: [
      primalTechnique(P.baResidual, args),
      compiledJacobian(C, args),
      compiledVjpRows(C, args),
      ...runtimeTechniques(baOps, flatX, { feat }, 2),
      finiteDifferences(P.baResidual, args, [0, 1, 2], 2),
      tensorflow(tf, 'tf.grads per row (dy = e₀, e₁)', (t) => {
        const g = t.grads(baTf(t, feat));
        const dys = [t.keep(t.tensor1d([1, 0])), t.keep(t.tensor1d([0, 1]))];
        return () => {
          const inputs = [t.tensor1d(Float32Array.from(cam)), t.tensor1d(Float32Array.from(X)), t.scalar(w)];
          return dys.map((dy) => read(...g(inputs, dy)));
        };
      }),
    ],
  }];
}
