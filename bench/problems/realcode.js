/**
 * Real code: published numeric code written the way its authors write it (realcode-*.ts), not
 * benchmark kernels: statistics reductions, special functions (rational approximations with
 * branches, summed over a sample), an n-body step and a small convolutional network. Each source
 * is compiled at bench time by `compile()`, like the pendulum chain; the problems compare the
 * compiled gradient with the primal, checked against finite differences.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileAndImport, primal } from '../lib/modules.js';
import { rng, uniform } from '../lib/rng.js';
import { compiledGradient, finiteDifferences, primalTechnique } from '../lib/techniques.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The sources, each compiled once per run: { P (types erased), C (compiled) } by file stem. */
async function load(stem) {
  const file = path.join(here, `${stem}.ts`);
  const P = await primal(stem, file);
  const C = await compileAndImport(readFileSync(file, 'utf8'), { fileName: `${stem}.ts` });
  return { P, C };
}

const sample = (seed, n, lo, hi) => uniform(rng(seed), n, lo, hi);

/** The Benchmarks Game's sun and four planets (AU, AU/day, solar masses × 4π²), momentum-corrected. */
function solarSystem() {
  const DAYS = 365.24;
  const SOLAR = 4 * Math.PI * Math.PI;
  const bodies = [
    [0, 0, 0, 0, 0, 0, 1],
    [4.84143144246472090e0, -1.16032004402742839e0, -1.03622044471123109e-1, 1.66007664274403694e-3, 7.69901118419740425e-3, -6.90460016972063023e-5, 9.54791938424326609e-4],
    [8.34336671824457987e0, 4.12479856412430479e0, -4.03523417114321381e-1, -2.76742510726862411e-3, 4.99852801234917238e-3, 2.30417297573763929e-5, 2.85885980666130812e-4],
    [1.28943695621391310e1, -1.51111514016986312e1, -2.23307578892655734e-1, 2.96460137564761618e-3, 2.37847173959480950e-3, -2.96589568540237556e-5, 4.36624404335156298e-5],
    [1.53796971148509165e1, -2.59193146099879641e1, 1.79258772950371181e-1, 2.68067772490389322e-3, 1.62824170038242295e-3, -9.51592254519715870e-5, 5.15138902046611451e-5],
  ];
  const pos = new Float64Array(15);
  const vel = new Float64Array(15);
  const mass = new Float64Array(5);
  bodies.forEach((b, i) => {
    for (let k = 0; k < 3; k++) (pos[3 * i + k] = b[k]), (vel[3 * i + k] = b[3 + k] * DAYS);
    mass[i] = b[6] * SOLAR;
  });
  for (let k = 0; k < 3; k++) {
    let p = 0;
    for (let i = 1; i < 5; i++) p += vel[3 * i + k] * mass[i];
    vel[k] = -p / mass[0];
  }
  return { pos, vel, mass };
}

/** One gradient problem: primal, both compiled entry points and finite differences over `active`. */
function problem(mod, { id, name, title, args, active, reduction }) {
  const n = active.reduce((s, a) => s + (typeof args[a] === 'number' ? 1 : args[a].length), 0);
  return {
    id, group: 'gradient', family: 'realcode', reduction, n, title,
    techniques: [
      primalTechnique(mod.P[name], args),
      ...compiledGradient(mod.C, name, args, n),
      finiteDifferences(mod.P[name], args, active),
    ],
  };
}

export async function problems() {
  const stats = await load('realcode-stats');
  const special = await load('realcode-special');
  const sim = await load('realcode-sim');
  const x = sample(4100, 1000, -2, 3);
  const y = sample(4101, 1000, -1, 1).map((v, i) => v + 0.5 * x[i]);
  const { pos, vel, mass } = solarSystem();
  const size = 12;
  const [filters, classes] = [4, 10];
  const features = filters * 5 * 5;
  const cnnArgs = [sample(4102, size * size, 0, 1), size, sample(4103, filters * 9, -0.5, 0.5), sample(4104, filters, -0.1, 0.1),
    sample(4105, classes * features, -0.2, 0.2), sample(4106, classes, -0.1, 0.1), classes, 3];
  return [
    problem(stats, { id: 'realcode-kahan', name: 'kahanSum', title: 'Kahan-compensated sum (n = 1,000)', args: [x], active: [0], reduction: true }),
    problem(stats, { id: 'realcode-variance', name: 'variance', title: "variance by Welford's update (n = 1,000)", args: [x], active: [0], reduction: true }),
    problem(stats, { id: 'realcode-correlation', name: 'correlation', title: 'Pearson correlation, two passes (n = 1,000)', args: [x, y], active: [0, 1], reduction: true }),
    problem(special, { id: 'realcode-bessel-j0', name: 'sumBesselJ0', title: 'Σ Bessel J0 (rational approximation, both branches; 200 points)', args: [sample(4107, 200, -15, 15)], active: [0] }),
    problem(special, { id: 'realcode-log-gamma', name: 'sumLogGamma', title: 'Σ log-gamma (Lanczos; 200 points)', args: [sample(4108, 200, 0.5, 20)], active: [0] }),
    problem(special, { id: 'realcode-erf', name: 'sumErf', title: 'Σ erf (Chebyshev fit of erfc; 200 points)', args: [sample(4109, 200, -3, 3)], active: [0] }),
    problem(sim, { id: 'realcode-nbody', name: 'nbodyEnergy', title: 'n-body: energy after 100 steps of 5 bodies (Benchmarks Game)', args: [pos, vel, mass, 0.001, 100], active: [0, 1] }),
    problem(sim, { id: 'realcode-cnn', name: 'cnnLoss', title: `CNN forward pass: 12×12 image, ${filters} 3×3 filters, ReLU, max pool, dense to ${classes}, softmax loss`, args: cnnArgs, active: [2, 3, 4, 5] }),
  ];
}
