/**
 * A realistic scalar function of 100+ operations and 10 inputs: the energy of a five-link pendulum
 * chain (bench/problems/chain-energy.ts). Unlike the examples, it is compiled at bench time with
 * the compiler API (`compile()` from dist/, all entry points), so the measurement always reflects
 * the current compiler; the compile time and module size are kept for the report.
 *
 * Three problems: the gradient (every first-order technique, TF.js with tf.scalar inputs as users
 * of scalar code write it), the full Hessian and a Hessian-vector product (hessians.js's builders:
 * nested tape, graph, finite differences, nested tf.grad). The graph, tape, dual-number and TF.js
 * versions run `chainOps`, the same function written once against the runtime's Ops interface,
 * operation for operation (the TF.js one through `tfOps`, an Ops object made of tf functions).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileAndImport, primal } from '../lib/modules.js';
import { rng, uniform } from '../lib/rng.js';
import { BINARY, UNARY, makeOps } from '../../dist/runtime/index.js';
import {
  compiledGradient, finiteDifferences, primalTechnique, read, runtimeTechniques, tensorflow,
} from '../lib/techniques.js';
import { hessianProblem, hvpProblem } from './hessians.js';

export const SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'chain-energy.ts');
export const NAME = 'chainEnergy';
/** The point: joint angles q1…q5 (rad), joint rates w1…w5 (rad/s). */
export const POINT = [0.3, -0.4, 0.5, 0.2, -0.6, 0.7, -1.1, 0.4, 0.9, -0.3];

const LENGTHS = [0.9, 0.8, 0.7, 0.6, 0.5];
const MASSES = [2.0, 1.6, 1.2, 0.8, 0.5];
const STIFFNESS = [40, 30, 20, 10, 5];
const REST = [0.1, 0.2, -0.1, 0.3, -0.2];

/** Σ over i of term(i), left to right, like the source's `a + b + c`. */
const sum = (o, n, term) => {
  let s = term(0);
  for (let i = 1; i < n; i++) s = o.add(s, term(i));
  return s;
};

/** chainEnergy written against the Ops interface; p = [q1…q5, w1…w5]. */
export function chainOps(o, p) {
  const th = [p[0]];
  const om = [p[5]];
  for (let i = 1; i < 5; i++) {
    th.push(o.add(th[i - 1], p[i]));
    om.push(o.add(om[i - 1], p[5 + i]));
  }
  const c = th.map((t) => o.cos(t));
  const s = th.map((t) => o.sin(t));
  const x = [o.mul(LENGTHS[0], s[0])];
  const y = [o.mul(-LENGTHS[0], c[0])];
  const vx = [o.mul(o.mul(LENGTHS[0], c[0]), om[0])];
  const vy = [o.mul(o.mul(LENGTHS[0], s[0]), om[0])];
  for (let i = 1; i < 5; i++) {
    x.push(o.add(x[i - 1], o.mul(LENGTHS[i], s[i])));
    y.push(o.sub(y[i - 1], o.mul(LENGTHS[i], c[i])));
  }
  for (let i = 1; i < 5; i++) {
    vx.push(o.add(vx[i - 1], o.mul(o.mul(LENGTHS[i], c[i]), om[i])));
    vy.push(o.add(vy[i - 1], o.mul(o.mul(LENGTHS[i], s[i]), om[i])));
  }
  const kinetic = o.mul(0.5, sum(o, 5, (i) => o.mul(MASSES[i], o.add(o.mul(vx[i], vx[i]), o.mul(vy[i], vy[i])))));
  const gravity = o.mul(9.81, sum(o, 5, (i) => o.mul(MASSES[i], y[i])));
  const d = REST.map((r, i) => (r < 0 ? o.add(p[i], -r) : o.sub(p[i], r)));
  const springs = sum(o, 5, (i) => o.mul(o.mul(o.mul(STIFFNESS[i], d[i]), d[i]), o.add(1, o.mul(o.mul(0.25, d[i]), d[i]))));
  const contact = o.mul(0.05, o.log(o.add(1, o.exp(o.mul(-20, o.add(y[4], 3.2))))));
  const friction = o.div(o.mul(0.01, sum(o, 5, (i) => o.mul(p[5 + i], p[5 + i]))), o.add(1, o.mul(x[4], x[4])));
  return o.add(o.add(o.add(o.add(kinetic, gravity), springs), contact), friction);
}

/** An Ops object made of TF.js functions (numbers mix in as constants, as in the runtime's). */
export function tfOps(t) {
  const binary = { add: t.add, sub: t.sub, mul: t.mul, div: t.div, pow: t.pow, atan2: t.atan2 };
  return makeOps(
    (name, a, b) => binary[name](a, b),
    (name, a) => (name === 'neg' ? t.neg(a) : t[name](a)),
  );
}

/** The number of operations of one evaluation (counted on plain numbers). */
export function countChainOps() {
  let n = 0;
  const counting = makeOps((name, a, b) => (n++, BINARY[name].f(a, b)), (name, a) => (n++, UNARY[name].f(a)));
  chainOps(counting, POINT.slice());
  return n;
}

let loaded = null;

/** The primal (the .ts with types erased) and the module compiled now: `{ P, C }`. */
export async function loadChain() {
  if (!loaded) {
    const source = readFileSync(SOURCE, 'utf8');
    const P = await primal('chain-energy', SOURCE);
    const C = await compileAndImport(source, { fileName: 'chain-energy.ts' });
    loaded = { P, C, source };
  }
  return loaded;
}

export async function problems({ tf }) {
  const { P, C } = await loadChain();
  const x = Float64Array.from(POINT);
  const n = x.length;
  const ops = countChainOps();
  const active = POINT.map((_, i) => i);
  const grad = {
    id: 'chain-energy', group: 'gradient', scalar: true, n, ops,
    title: `pendulum chain energy (10 inputs, ${ops} operations; compiled at bench time)`,
    notes: C.error ? [] : [`compiled by \`compile()\` in ${(C.seconds * 1e3).toFixed(0)} ms (first compile of the run), ${C.js.length.toLocaleString('en-US')} bytes`],
    techniques: [
      primalTechnique(P.chainEnergy, POINT),
      ...compiledGradient(C, NAME, POINT, n),
      ...runtimeTechniques(chainOps, x, null),
      finiteDifferences(P.chainEnergy, POINT, active),
      tensorflow(tf, 'tf.valueAndGrads over 10 tf.scalar', (t) => {
        const o = tfOps(t);
        const vg = t.valueAndGrads((...p) => chainOps(o, p));
        return () => {
          const { value, grads } = vg(POINT.map((v) => t.scalar(v)));
          return { value: read(value)[0], grad: read(...grads) };
        };
      }),
    ],
  };
  const v = Array.from(uniform(rng(3000), n, -1, 1));
  const spec = {
    id: 'chain-energy', title: `pendulum chain energy (10 inputs, ${ops} operations)`, name: NAME, fn: P.chainEnergy,
    args: POINT, active, n, ops, opsFn: chainOps, x, v: Float64Array.from(v), vArgs: v,
    tfFn: (t) => (p) => t.sum(chainOps(tfOps(t), Array.from({ length: n }, (_, i) => t.slice(p, i, 1)))),
  };
  return [grad, hessianProblem(spec, C, tf), hvpProblem(spec, C, tf)];
}
