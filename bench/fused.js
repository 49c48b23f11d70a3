#!/usr/bin/env node
/**
 * The loops whose adjoint adgen fuses into the forward loop, timed side by side in one process:
 * the primal, the compiled `_grad` (allocating) and `_grad_into`, and the hand-written gradient,
 * for Rosenbrock (n = 10³ and 10⁶), logistic regression, the ADBench GMM sizes and the
 * perceptron. Prints a table of medians and the ratios `_grad_into` / hand-written and
 * `_grad_into` / primal (ratios are within one run; the machine may be shared), and the number of
 * tape pushes written in each generated gradient core.
 *
 *   node bench/fused.js [--only rosen,logreg,gmm,mlp] [--quick]
 *   ADGEN_BENCH_GENERATED=DIR node bench/fused.js    compiled modules from DIR instead of generated/
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { exists, gmmConstant, readGmm } from './lib/adbench.js';
import { formatSeconds, measureTechniques, timingConfig } from './lib/measure.js';
import { cleanupPrimals, compiled, primal } from './lib/modules.js';
import { ADBENCH, ROOT } from './lib/paths.js';
import { compiledGradient, handwritten, primalTechnique } from './lib/techniques.js';
import { gmmGradInto } from './handwritten/gmm.js';
import { logisticGradInto } from './handwritten/logreg.js';
import { mlpGradInto } from './handwritten/mlp.js';
import { rosenbrockGradInto } from './handwritten/rosenbrock.js';
import { rosenbrockPoint } from './problems/rosenbrock.js';
import { logregData } from './problems/logreg.js';
import { mlpData } from './problems/mlp.js';
import { FILES as GMM_FILES } from './problems/gmm.js';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1].split(',') : null;

function techniques(P, C, name, fnName, hand, args, n) {
  return [primalTechnique(P[fnName], args), ...compiledGradient(C, fnName, args, n), handwritten(hand, args, n)];
}

async function problems() {
  const list = [];
  const R = [await primal('rosenbrock'), await compiled('rosenbrock')];
  for (const n of [1000, 1000000]) {
    list.push({ id: `rosenbrock-${n}`, file: 'rosenbrock', make: () => techniques(...R, '', 'rosenbrock', rosenbrockGradInto, [rosenbrockPoint(n)], n) });
  }
  const L = [await primal('logreg'), await compiled('logreg')];
  list.push({
    id: 'logreg', file: 'logreg',
    make: () => {
      const { X, y, w, b, d } = logregData(1000, 10);
      return techniques(...L, '', 'logisticLoss', logisticGradInto, [w, b, X, y], d + 1);
    },
  });
  const G = [await primal('gmm'), await compiled('gmm')];
  for (const name of GMM_FILES) {
    const file = path.join(ADBENCH, 'gmm', `${name}.txt`);
    if (!exists(file)) continue;
    list.push({
      id: name, file: 'gmm',
      make: () => {
        const data = readGmm(file);
        const args = [data.alphas, data.means, data.icf, data.x, data.gamma, data.m, gmmConstant(data)];
        return techniques(...G, '', 'gmmObjective', gmmGradInto, args, data.alphas.length + data.means.length + data.icf.length);
      },
    });
  }
  const M = [await primal('mlp'), await compiled('mlp')];
  list.push({
    id: 'mlp', file: 'mlp',
    make: () => {
      const { W1, b1, W2, b2, X, labels } = mlpData();
      const n = W1.length + b1.length + W2.length + b2.length;
      return techniques(...M, '', 'mlpLoss', mlpGradInto, [W1, b1, W2, b2, X, labels], n);
    },
  });
  return list.filter((p) => !only || only.some((o) => p.id.includes(o)));
}

/** Tape pushes (`tape[tp++] = …`) in the text of the gradient core of a generated module. */
function pushes(file) {
  const dir = process.env.ADGEN_BENCH_GENERATED ? path.resolve(process.env.ADGEN_BENCH_GENERATED) : path.join(ROOT, 'generated');
  const js = readFileSync(path.join(dir, `${file}.grad.js`), 'utf8');
  const core = js.match(/\nfunction \w+_grad_core\([\s\S]*?\n}\n/);
  return core ? (core[0].match(/tape\[tp\+\+\]/g) ?? []).length : NaN;
}

const cfg = timingConfig(quick);
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) ? (a / b).toFixed(2) : '—');
console.log('| problem | primal | `_grad` | `_grad_into` | hand-written | into / hand | into / primal | grad / into | pushes |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const p of await problems()) {
  const r = measureTechniques(p.make(), cfg);
  const s = (k) => r.get(k)?.seconds ?? NaN;
  const bad = [...r.values()].filter((x) => x.skipped || (x.key !== 'primal' && !(x.check?.error < 1e-10))).map((x) => `${x.key}: ${x.skipped ?? `error ${x.check?.error}`}`);
  const cells = [s('primal'), s('compiled'), s('compiledInto'), s('handwritten')].map(formatSeconds);
  console.log(`| ${p.id} | ${cells.join(' | ')} | ${ratio(s('compiledInto'), s('handwritten'))} | ${ratio(s('compiledInto'), s('primal'))} | ${ratio(s('compiled'), s('compiledInto'))} | ${pushes(p.file)} |${bad.length ? ' ' + bad.join('; ') : ''}`);
}
cleanupPrimals();
