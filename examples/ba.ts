/**
 * Bundle adjustment, as in ADBench: the weighted reprojection residual of one observation.
 * cam = [angle-axis rotation (3), center (3), focal length, principal point (2), radial distortion (2)],
 * X a 3-D point, w the observation's weight, feat the observed 2-D feature.
 * @wrt cam X w
 * @check [0.1, -0.05, 0.02, 0.5, -0.3, 0.2, 500, 0.1, -0.1, 0.01, -0.001], [0.3, -0.2, 5], 0.8, [12, -7]
 */
export function baResidual(cam: Float64Array, X: Float64Array, w: number, feat: Float64Array): [number, number] {
  const centered = new Float64Array(3);
  for (let i = 0; i < 3; i++) centered[i] = X[i] - cam[3 + i];
  const rotated = new Float64Array(3);
  rodriguesRotatePoint(cam, centered, rotated);
  const px = rotated[0] / rotated[2];
  const py = rotated[1] / rotated[2];
  const rsq = px * px + py * py;
  const distortion = 1 + cam[9] * rsq + cam[10] * rsq * rsq;
  const projX = px * distortion * cam[6] + cam[7];
  const projY = py * distortion * cam[6] + cam[8];
  return [w * (projX - feat[0]), w * (projY - feat[1])];
}

/**
 * Rotate pt by the angle-axis vector rot = cam[0..3), writing into out (Rodrigues' formula).
 * At rot = 0 the first-order formula takes over, as in ADBench. @nowarn
 */
function rodriguesRotatePoint(rot: Float64Array, pt: Float64Array, out: Float64Array): void {
  const sqtheta = rot[0] * rot[0] + rot[1] * rot[1] + rot[2] * rot[2];
  if (sqtheta !== 0) {
    const theta = Math.sqrt(sqtheta);
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    const w0 = rot[0] / theta;
    const w1 = rot[1] / theta;
    const w2 = rot[2] / theta;
    const tmp = (1 - cos) * (w0 * pt[0] + w1 * pt[1] + w2 * pt[2]);
    out[0] = pt[0] * cos + (w1 * pt[2] - w2 * pt[1]) * sin + w0 * tmp;
    out[1] = pt[1] * cos + (w2 * pt[0] - w0 * pt[2]) * sin + w1 * tmp;
    out[2] = pt[2] * cos + (w0 * pt[1] - w1 * pt[0]) * sin + w2 * tmp;
  } else {
    out[0] = pt[0] + rot[1] * pt[2] - rot[2] * pt[1];
    out[1] = pt[1] + rot[2] * pt[0] - rot[0] * pt[2];
    out[2] = pt[2] + rot[0] * pt[1] - rot[1] * pt[0];
  }
}
