/**
 * GradBench `ht` (ADBench's hand tracking): residuals between observed 3-D points and a skinned
 * hand model posed by 26 parameters θ (global rotation, global translation, then per finger a
 * flexion-abduction pair and two flexions). Matrices are flat and row-major: baseRelatives and
 * inverseBaseAbsolutes bones×4×4, basePositions vertices×4 (homogeneous), weights
 * vertices×bones, triangles t×3, points n×3. With an empty `us` each point corresponds to a
 * vertex; otherwise to a point of a triangle with barycentric coordinates (u₀, u₁, 1 − u₀ − u₁)
 * from us (n×2). The eval's Jacobian over θ (and the two columns of u, each residual depending
 * only on its own u) is built from forward-mode JVPs.
 * @wrt theta us
 */
export function objective(
  theta: Float64Array,
  us: Float64Array,
  parents: Int32Array,
  baseRelatives: Float64Array,
  inverseBaseAbsolutes: Float64Array,
  basePositions: Float64Array,
  weights: Float64Array,
  isMirrored: number,
  triangles: Int32Array,
  correspondences: Int32Array,
  points: Float64Array,
): Float64Array {
  const bones = parents.length;
  const nVerts = basePositions.length / 4;
  const pose = new Float64Array(3 * (bones + 3));
  toPoseParams(theta, bones, pose);
  const transforms = new Float64Array(16 * bones);
  boneTransforms(pose, parents, baseRelatives, inverseBaseAbsolutes, transforms);
  const positions = new Float64Array(3 * nVerts);
  skin(transforms, basePositions, weights, bones, nVerts, positions);
  if (isMirrored !== 0) for (let v = 0; v < nVerts; v++) positions[3 * v] = -positions[3 * v];
  applyGlobalTransform(pose, nVerts, positions);
  const n = correspondences.length;
  const err = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 3; j++) {
      let model = 0;
      if (us.length === 0) {
        model = positions[3 * correspondences[i] + j];
      } else {
        const t = 3 * correspondences[i];
        const u0 = us[2 * i];
        const u1 = us[2 * i + 1];
        model = u0 * positions[3 * triangles[t] + j] + u1 * positions[3 * triangles[t + 1] + j] + (1 - u0 - u1) * positions[3 * triangles[t + 2] + j];
      }
      err[3 * i + j] = points[3 * i + j] - model;
    }
  }
  return err;
}

/**
 * The 3×(bones + 3) pose matrix, stored by columns (column c at pose[3c …]): global rotation,
 * scale 1, global translation, then one column of Euler angles per bone.
 */
function toPoseParams(theta: Float64Array, bones: number, pose: Float64Array): void {
  for (let i = 0; i < 3; i++) {
    pose[i] = theta[i];
    pose[3 + i] = 1;
    pose[6 + i] = theta[3 + i];
  }
  let t = 6;
  let col = 5;
  for (let finger = 0; finger < 5; finger++) {
    for (let joint = 2; joint <= 4; joint++) {
      pose[3 * col] = theta[t++];
      if (joint === 2) pose[3 * col + 1] = theta[t++];
      col++;
    }
    col++;
  }
}

/** transforms[b] = absolute(b) · inverseBaseAbsolute(b), absolute(b) = absolute(parent) · base · R(euler). */
function boneTransforms(
  pose: Float64Array,
  parents: Int32Array,
  baseRelatives: Float64Array,
  inverseBaseAbsolutes: Float64Array,
  transforms: Float64Array,
): void {
  const bones = parents.length;
  const relative = new Float64Array(16);
  const absolutes = new Float64Array(16 * bones);
  const rotation = new Float64Array(16);
  for (let b = 0; b < bones; b++) {
    eulerToRotation(pose, 3 * (b + 3), rotation);
    matMul4(baseRelatives, 16 * b, rotation, 0, relative, 0);
    if (parents[b] === -1) {
      for (let e = 0; e < 16; e++) absolutes[16 * b + e] = relative[e];
    } else {
      matMul4(absolutes, 16 * parents[b], relative, 0, absolutes, 16 * b);
    }
    matMul4(absolutes, 16 * b, inverseBaseAbsolutes, 16 * b, transforms, 16 * b);
  }
}

/** The 4×4 transform with rotation Rz·Ry·Rx in its top-left block, angles (x, z, y) at pose[off …]. */
function eulerToRotation(pose: Float64Array, off: number, r: Float64Array): void {
  const cx = Math.cos(pose[off]);
  const sx = Math.sin(pose[off]);
  const cy = Math.cos(pose[off + 2]);
  const sy = Math.sin(pose[off + 2]);
  const cz = Math.cos(pose[off + 1]);
  const sz = Math.sin(pose[off + 1]);
  // Rz·Ry·Rx expanded.
  r[0] = cz * cy;
  r[1] = cz * sy * sx - sz * cx;
  r[2] = cz * sy * cx + sz * sx;
  r[4] = sz * cy;
  r[5] = sz * sy * sx + cz * cx;
  r[6] = sz * sy * cx - cz * sx;
  r[8] = -sy;
  r[9] = cy * sx;
  r[10] = cy * cx;
  r[3] = 0;
  r[7] = 0;
  r[11] = 0;
  r[12] = 0;
  r[13] = 0;
  r[14] = 0;
  r[15] = 1;
}

/** out[oOff …] = a[aOff …] · b[bOff …] for 4×4 row-major matrices (out may not alias b). */
function matMul4(a: Float64Array, aOff: number, b: Float64Array, bOff: number, out: Float64Array, oOff: number): void {
  for (let i = 0; i < 4; i++) {
    for (let k = 0; k < 4; k++) {
      let s = a[aOff + 4 * i] * b[bOff + k];
      for (let j = 1; j < 4; j++) s += a[aOff + 4 * i + j] * b[bOff + 4 * j + k];
      out[oOff + 4 * i + k] = s;
    }
  }
}

/** positions[3v + r] = Σ_bones weight(v, bone) · (transform(bone) · basePosition(v))_r. */
function skin(
  transforms: Float64Array,
  basePositions: Float64Array,
  weights: Float64Array,
  bones: number,
  nVerts: number,
  positions: Float64Array,
): void {
  for (let b = 0; b < bones; b++) {
    for (let v = 0; v < nVerts; v++) {
      const wgt = weights[v * bones + b];
      for (let r = 0; r < 3; r++) {
        let s = 0;
        for (let c = 0; c < 4; c++) s += transforms[16 * b + 4 * r + c] * basePositions[4 * v + c];
        positions[3 * v + r] += s * wgt;
      }
    }
  }
}

/** positions ← R(angle-axis pose column 0) · positions + pose column 2 (the scale column is 1). */
function applyGlobalTransform(pose: Float64Array, nVerts: number, positions: Float64Array): void {
  const r = new Float64Array(9);
  angleAxisToRotation(pose, r);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) r[3 * j + i] *= pose[3 + i];
  for (let v = 0; v < nVerts; v++) {
    const p0 = positions[3 * v];
    const p1 = positions[3 * v + 1];
    const p2 = positions[3 * v + 2];
    for (let i = 0; i < 3; i++) positions[3 * v + i] = r[3 * i] * p0 + r[3 * i + 1] * p1 + r[3 * i + 2] * p2 + pose[6 + i];
  }
}

function angleAxisToRotation(aa: Float64Array, r: Float64Array): void {
  const norm = Math.sqrt(aa[0] * aa[0] + aa[1] * aa[1] + aa[2] * aa[2]);
  if (norm < 0.0001) {
    for (let i = 0; i < 9; i++) r[i] = i % 4 === 0 ? 1 : 0;
    return;
  }
  const x = aa[0] / norm;
  const y = aa[1] / norm;
  const z = aa[2] / norm;
  const s = Math.sin(norm);
  const c = Math.cos(norm);
  r[0] = x * x + (1 - x * x) * c;
  r[1] = x * y * (1 - c) - z * s;
  r[2] = x * z * (1 - c) + y * s;
  r[3] = x * y * (1 - c) + z * s;
  r[4] = y * y + (1 - y * y) * c;
  r[5] = y * z * (1 - c) - x * s;
  r[6] = x * z * (1 - c) - y * s;
  r[7] = z * y * (1 - c) + x * s;
  r[8] = z * z + (1 - z * z) * c;
}
