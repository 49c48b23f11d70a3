// ht: the compiled residuals, and the eval's Jacobian (residuals × [u₀, u₁,] θ₀ … θ₂₅) from
// adgen forward mode: one JVP per θ component, and for the complicated variant one JVP along all
// u₀ and one along all u₁ (residual i depends only on its own u, so each gives a whole column).
import { objective, objective_jvp } from '../compiled/ht.grad.js';
import { flatten, vector } from './io.js';

function decode(input) {
  const model = input.data.model;
  const bones = model.parents.length;
  const square = (mats) => flatten(mats.map((m) => m.flat()));
  const args = [
    vector(input.theta, 'theta'),
    flatten(input.us),
    Int32Array.from(model.parents),
    square(model.base_relatives),
    square(model.inverse_base_absolutes),
    flatten(model.base_positions),
    flatten(model.weights),
    model.is_mirrored ? 1 : 0,
    Int32Array.from(model.triangles.flat()),
    Int32Array.from(input.data.correspondences),
    flatten(input.data.points),
  ];
  if (args[3].length !== 16 * bones || args[6].length !== bones * model.base_positions.length) {
    throw new Error('ht model shapes do not match the number of bones');
  }
  return args;
}

export const functions = {
  objective(input) {
    const args = decode(input);
    let err = new Float64Array(0);
    return { run: () => void (err = objective(...args)), output: () => Array.from(err) };
  },
  jacobian(input) {
    const args = decode(input);
    const [theta, us] = args;
    const rows = 3 * input.data.correspondences.length;
    // Seed directions, one per column: (θ̇, u̇).
    const seeds = [];
    if (us.length > 0) {
      for (const which of [0, 1]) {
        const du = new Float64Array(us.length);
        for (let i = which; i < us.length; i += 2) du[i] = 1;
        seeds.push([new Float64Array(theta.length), du]);
      }
    }
    for (let j = 0; j < theta.length; j++) {
      const dtheta = new Float64Array(theta.length);
      dtheta[j] = 1;
      seeds.push([dtheta, new Float64Array(us.length)]);
    }
    const columns = new Array(seeds.length);
    const run = () => {
      for (let c = 0; c < seeds.length; c++) columns[c] = objective_jvp(...args, seeds[c][0], seeds[c][1]).tangent;
    };
    const output = () => {
      const out = new Array(rows);
      for (let r = 0; r < rows; r++) {
        out[r] = new Array(columns.length);
        for (let c = 0; c < columns.length; c++) out[r][c] = columns[c][r];
      }
      return out;
    };
    return { run, output };
  },
};
