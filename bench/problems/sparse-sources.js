/**
 * TypeScript sources of the sparse benchmark problems (bench/problems/sparse.js), compiled with
 * the current compiler when the benchmark runs: functions written as their authors write them,
 * whose Jacobians are mostly zeros.
 */

/**
 * ADBench's bundle-adjustment objective over all observations: for observation i of camera
 * obs[2i] and point obs[2i+1], the weighted reprojection error (2 residuals), then one weight
 * error 1 − wᵢ² per observation. cams is n×11, X is m×3, feats p×2, all flattened.
 */
export const BA_ALL = `
export function baResiduals(cams: Float64Array, X: Float64Array, w: Float64Array, obs: Int32Array, feats: Float64Array): Float64Array {
  const p = w.length;
  const r = new Float64Array(3 * p);
  for (let i = 0; i < p; i++) {
    const c = 11 * obs[2 * i];
    const j = 3 * obs[2 * i + 1];
    const x0 = X[j] - cams[c + 3];
    const x1 = X[j + 1] - cams[c + 4];
    const x2 = X[j + 2] - cams[c + 5];
    const sqtheta = cams[c] * cams[c] + cams[c + 1] * cams[c + 1] + cams[c + 2] * cams[c + 2];
    let y0 = 0;
    let y1 = 0;
    let y2 = 0;
    if (sqtheta !== 0) {
      const theta = Math.sqrt(sqtheta);
      const cos = Math.cos(theta);
      const sin = Math.sin(theta);
      const w0 = cams[c] / theta;
      const w1 = cams[c + 1] / theta;
      const w2 = cams[c + 2] / theta;
      const tmp = (1 - cos) * (w0 * x0 + w1 * x1 + w2 * x2);
      y0 = x0 * cos + (w1 * x2 - w2 * x1) * sin + w0 * tmp;
      y1 = x1 * cos + (w2 * x0 - w0 * x2) * sin + w1 * tmp;
      y2 = x2 * cos + (w0 * x1 - w1 * x0) * sin + w2 * tmp;
    } else {
      y0 = x0 + cams[c + 1] * x2 - cams[c + 2] * x1;
      y1 = x1 + cams[c + 2] * x0 - cams[c] * x2;
      y2 = x2 + cams[c] * x1 - cams[c + 1] * x0;
    }
    const px = y0 / y2;
    const py = y1 / y2;
    const rsq = px * px + py * py;
    const distortion = 1 + cams[c + 9] * rsq + cams[c + 10] * rsq * rsq;
    r[2 * i] = w[i] * (px * distortion * cams[c + 6] + cams[c + 7] - feats[2 * i]);
    r[2 * i + 1] = w[i] * (py * distortion * cams[c + 6] + cams[c + 8] - feats[2 * i + 1]);
    r[2 * p + i] = 1 - w[i] * w[i];
  }
  return r;
}
`;

/**
 * The residual of the Bratu problem −Δu = λ·eᵘ on the unit square, five-point stencil on a
 * k×k grid of unknowns (zero boundary): m = n = k², a banded Jacobian of bandwidth k.
 */
export const BRATU = `
export function bratu(u: Float64Array, k: number, lambda: number): Float64Array {
  const r = new Float64Array(k * k);
  const h2 = 1 / ((k + 1) * (k + 1));
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const at = i * k + j;
      const c = u[at];
      const north = i > 0 ? u[at - k] : 0;
      const south = i < k - 1 ? u[at + k] : 0;
      const west = j > 0 ? u[at - 1] : 0;
      const east = j < k - 1 ? u[at + 1] : 0;
      r[at] = 4 * c - north - south - west - east - h2 * lambda * Math.exp(c);
    }
  }
  return r;
}
`;
