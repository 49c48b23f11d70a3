/**
 * GradBench `ba` (ADBench's bundle adjustment). A camera is 11 numbers [r₁ r₂ r₃ C₁ C₂ C₃ f u₀ v₀
 * k₁ k₂] (Rodrigues rotation, centre, focal length, principal point, radial distortion); a point
 * is 3. Observation i of point X by camera cam with weight w and feature f has the reprojection
 * error w·(project(cam, X) − f) and the weight error 1 − w². The eval's sparse Jacobian is built
 * from the 2×15 Jacobian of `reprojection` (two VJPs) and the derivative of `weightError` per
 * observation; `objective` evaluates every observation.
 * @wrt cam x w
 */
export function reprojection(cam: Float64Array, x: Float64Array, w: number, feat: Float64Array): Float64Array {
  const err = new Float64Array(2);
  reprojectionError(cam, 0, x, 0, w, feat, 0, err, 0);
  return err;
}

/** @wrt w */
export function weightError(w: number): number {
  return 1 - w * w;
}

/**
 * Every observation: 2p reprojection errors, then p weight errors. obs holds (camera, point)
 * index pairs; cams n×11, x m×3, w p, feats p×2.
 * @wrt cams x w
 */
export function objective(cams: Float64Array, x: Float64Array, w: Float64Array, obs: Int32Array, feats: Float64Array): Float64Array {
  const p = w.length;
  const out = new Float64Array(3 * p);
  for (let i = 0; i < p; i++) reprojectionError(cams, obs[2 * i] * 11, x, obs[2 * i + 1] * 3, w[i], feats, 2 * i, out, 2 * i);
  for (let i = 0; i < p; i++) out[2 * p + i] = 1 - w[i] * w[i];
  return out;
}

/**
 * err[eOff], err[eOff + 1] = w·(projection of x[xOff …] by cam[cOff …] − feat[fOff …]).
 * At a zero rotation the first-order formula takes over, as in the reference. @nowarn
 */
function reprojectionError(
  cam: Float64Array,
  cOff: number,
  x: Float64Array,
  xOff: number,
  w: number,
  feat: Float64Array,
  fOff: number,
  err: Float64Array,
  eOff: number,
): void {
  const p0 = x[xOff] - cam[cOff + 3];
  const p1 = x[xOff + 1] - cam[cOff + 4];
  const p2 = x[xOff + 2] - cam[cOff + 5];
  const r0 = cam[cOff];
  const r1 = cam[cOff + 1];
  const r2 = cam[cOff + 2];
  const sqtheta = r0 * r0 + r1 * r1 + r2 * r2;
  let x0 = 0;
  let x1 = 0;
  let x2 = 0;
  if (sqtheta !== 0) {
    // Rodrigues' formula, as Ceres evaluates it.
    const theta = Math.sqrt(sqtheta);
    const cost = Math.cos(theta);
    const sint = Math.sin(theta);
    const w0 = r0 / theta;
    const w1 = r1 / theta;
    const w2 = r2 / theta;
    const tmp = (w0 * p0 + w1 * p1 + w2 * p2) * (1 - cost);
    x0 = p0 * cost + (w1 * p2 - w2 * p1) * sint + w0 * tmp;
    x1 = p1 * cost + (w2 * p0 - w0 * p2) * sint + w1 * tmp;
    x2 = p2 * cost + (w0 * p1 - w1 * p0) * sint + w2 * tmp;
  } else {
    x0 = p0 + (r1 * p2 - r2 * p1);
    x1 = p1 + (r2 * p0 - r0 * p2);
    x2 = p2 + (r0 * p1 - r1 * p0);
  }
  const u = x0 / x2;
  const v = x1 / x2;
  const rsq = u * u + v * v;
  const distortion = 1 + cam[cOff + 9] * rsq + cam[cOff + 10] * rsq * rsq;
  err[eOff] = w * (u * distortion * cam[cOff + 6] + cam[cOff + 7] - feat[fOff]);
  err[eOff + 1] = w * (v * distortion * cam[cOff + 6] + cam[cOff + 8] - feat[fOff + 1]);
}
