/**
 * The report's charts, built from one run's measurements: derivative time ÷ primal time for
 * every first-order problem and technique (log scale), and the same ratio against n for
 * Rosenbrock, where the techniques' different growth in n is visible.
 */
import { categoryChart, COLORS, lineChart } from './svg.js';
import { seconds } from './goals.js';

const NAMES = {
  compiled: 'compiled _grad',
  compiledInto: 'compiled _grad_into',
  handwritten: 'hand-written',
  graph: 'runtime graph',
  tape: 'runtime tape',
  dual: 'dual numbers',
  fd: 'finite differences',
  tf: 'TensorFlow.js',
};
const KEYS = Object.keys(NAMES);
const color = (key) => COLORS[KEYS.indexOf(key) % COLORS.length];

/** `[{ file, title, svg }]` */
export function buildCharts(runs) {
  const first = runs.filter((r) => (r.problem.group === 'gradient' || r.problem.group === 'jacobian') && !r.problem.missing);
  const overPrimal = (run, key) => seconds(run, key) / seconds(run, 'primal');
  const overhead = {
    file: 'overhead.svg',
    title: 'First derivatives: time ÷ primal time, by problem and technique (log scale)',
  };
  overhead.svg = categoryChart({
    title: overhead.title,
    yLabel: 'derivative time ÷ primal time',
    categories: first.map((r) => r.problem.id),
    series: KEYS.map((key) => ({ name: NAMES[key], color: color(key), values: first.map((r) => overPrimal(r, key)) })),
  });
  const rosen = first.filter((r) => r.problem.family === 'rosenbrock');
  const scaling = { file: 'rosenbrock.svg', title: 'Rosenbrock gradient: time ÷ primal time against n (log-log)' };
  scaling.svg = lineChart({
    title: scaling.title,
    yLabel: 'gradient time ÷ primal time',
    xLabel: 'n (number of inputs)',
    series: KEYS.map((key) => ({ name: NAMES[key], color: color(key), points: rosen.map((r) => [r.problem.n, overPrimal(r, key)]) })),
  });
  return [overhead, scaling];
}
