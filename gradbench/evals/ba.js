// ba: the input's one camera, point, weight and feature are duplicated into n cameras, m points
// and p observations as the eval prescribes (untimed); the timed work covers every observation.
// `objective` is the compiled objective over all observations; `jacobian` assembles the eval's
// sparse matrix (CSR rows, columns, values) from adgen derivatives per observation: two VJPs of
// `reprojection` give its 2×15 block (camera 11, point 3, weight 1), the gradient of
// `weightError` the weight row. The eval receives the first 30 entries of each list and the last.
import { objective, reprojection_vjp_into, weightError_grad_into } from '../compiled/ba.grad.js';
import { integer, vector } from './io.js';

const CAM = 11;
const BLOCK = CAM + 3 + 1;

function decode(input) {
  const n = integer(input.n, 'n');
  const m = integer(input.m, 'm');
  const p = integer(input.p, 'p');
  const cam = vector(input.cam, 'cam');
  const x = vector(input.x, 'x');
  const feat = vector(input.feat, 'feat');
  const cams = new Float64Array(CAM * n);
  for (let i = 0; i < n; i++) cams.set(cam, i * CAM);
  const points = new Float64Array(3 * m);
  for (let i = 0; i < m; i++) points.set(x, i * 3);
  const w = new Float64Array(p).fill(Number(input.w));
  const obs = new Int32Array(2 * p);
  const feats = new Float64Array(2 * p);
  for (let i = 0; i < p; i++) {
    obs[2 * i] = i % n;
    obs[2 * i + 1] = i % m;
    feats.set(feat, 2 * i);
  }
  return { n, m, p, cams, points, w, obs, feats };
}

/** The eval's abbreviation of a list: its first 30 entries and its last. */
function abbreviate(list) {
  return [...Array.from(list.subarray(0, 2 * BLOCK)), list[list.length - 1]];
}

export const functions = {
  objective(input) {
    const { p, cams, points, w, obs, feats } = decode(input);
    let errors = new Float64Array(0);
    return {
      run: () => void (errors = objective(cams, points, w, obs, feats)),
      output: () => ({
        reproj_error: { elements: [errors[0], errors[1]], repeated: p },
        w_err: { element: errors[2 * p], repeated: p },
      }),
    };
  },
  jacobian(input) {
    const { n, m, p, cams, points, w, obs, feats } = decode(input);
    const rows = new Int32Array(3 * p + 1);
    const cols = new Int32Array(2 * BLOCK * p + p);
    const vals = new Float64Array(2 * BLOCK * p + p);
    const cam = new Float64Array(CAM);
    const x = new Float64Array(3);
    const feat = new Float64Array(2);
    const seeds = [Float64Array.of(1, 0), Float64Array.of(0, 1)];
    const row = new Float64Array(BLOCK);
    const dw = new Float64Array(1);
    const run = () => {
      let nz = 0;
      let r = 0;
      for (let i = 0; i < p; i++) {
        const c = obs[2 * i];
        const pt = obs[2 * i + 1];
        for (let j = 0; j < CAM; j++) cam[j] = cams[c * CAM + j];
        for (let j = 0; j < 3; j++) x[j] = points[pt * 3 + j];
        feat[0] = feats[2 * i];
        feat[1] = feats[2 * i + 1];
        for (const seed of seeds) {
          reprojection_vjp_into(cam, x, w[i], feat, seed, row);
          rows[++r] = nz + BLOCK;
          for (let j = 0; j < CAM; j++) {
            cols[nz] = CAM * c + j;
            vals[nz++] = row[j];
          }
          for (let j = 0; j < 3; j++) {
            cols[nz] = CAM * n + 3 * pt + j;
            vals[nz++] = row[CAM + j];
          }
          cols[nz] = CAM * n + 3 * m + i;
          vals[nz++] = row[CAM + 3];
        }
      }
      for (let i = 0; i < p; i++) {
        weightError_grad_into(w[i], dw);
        rows[++r] = nz + 1;
        cols[nz] = CAM * n + 3 * m + i;
        vals[nz++] = dw[0];
      }
    };
    return { run, output: () => ({ rows: abbreviate(rows), cols: abbreviate(cols), vals: abbreviate(vals) }) };
  },
};
