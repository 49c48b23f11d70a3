/**
 * Simulation and model code as its authors write it: the n-body step of the Computer Language
 * Benchmarks Game (advance, then the energy) and the forward pass of a small convolutional
 * network (3×3 convolution, ReLU, 2×2 max pooling, a dense layer, softmax cross-entropy).
 */

/**
 * The total energy after `steps` steps of size dt of the bodies at pos (x, y, z per body) with
 * velocities vel and masses mass: the Benchmarks Game's `advance` and `energy`.
 * @wrt pos, vel
 */
export function nbodyEnergy(pos: Float64Array, vel: Float64Array, mass: Float64Array, dt: number, steps: number): number {
  const n = mass.length;
  const p = new Float64Array(pos.length);
  const v = new Float64Array(vel.length);
  for (let i = 0; i < pos.length; i++) {
    p[i] = pos[i];
    v[i] = vel[i];
  }
  for (let s = 0; s < steps; s++) {
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = p[3 * i] - p[3 * j];
        const dy = p[3 * i + 1] - p[3 * j + 1];
        const dz = p[3 * i + 2] - p[3 * j + 2];
        const d2 = dx * dx + dy * dy + dz * dz;
        const mag = dt / (d2 * Math.sqrt(d2));
        v[3 * i] -= dx * mass[j] * mag;
        v[3 * i + 1] -= dy * mass[j] * mag;
        v[3 * i + 2] -= dz * mass[j] * mag;
        v[3 * j] += dx * mass[i] * mag;
        v[3 * j + 1] += dy * mass[i] * mag;
        v[3 * j + 2] += dz * mass[i] * mag;
      }
    }
    for (let i = 0; i < n; i++) {
      p[3 * i] += dt * v[3 * i];
      p[3 * i + 1] += dt * v[3 * i + 1];
      p[3 * i + 2] += dt * v[3 * i + 2];
    }
  }
  let e = 0;
  for (let i = 0; i < n; i++) {
    e += 0.5 * mass[i] * (v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] + v[3 * i + 2] * v[3 * i + 2]);
    for (let j = i + 1; j < n; j++) {
      const dx = p[3 * i] - p[3 * j];
      const dy = p[3 * i + 1] - p[3 * j + 1];
      const dz = p[3 * i + 2] - p[3 * j + 2];
      e -= (mass[i] * mass[j]) / Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

/**
 * Cross-entropy of a tiny CNN on one `size`×`size` image: `filters` 3×3 kernels (kernel, bias),
 * ReLU, 2×2 max pooling, a dense layer to `classes` outputs (dense, denseBias), softmax.
 * @wrt kernel, bias, dense, denseBias
 */
export function cnnLoss(
  image: Float64Array, size: number, kernel: Float64Array, bias: Float64Array,
  dense: Float64Array, denseBias: Float64Array, classes: number, label: number,
): number {
  const filters = bias.length;
  const conv = size - 2;
  const pooled = Math.floor(conv / 2);
  const features = new Float64Array(filters * pooled * pooled);
  for (let f = 0; f < filters; f++) {
    for (let r = 0; r < pooled; r++) {
      for (let c = 0; c < pooled; c++) {
        let best = 0;
        for (let dr = 0; dr < 2; dr++) {
          for (let dc = 0; dc < 2; dc++) {
            const y = 2 * r + dr;
            const x = 2 * c + dc;
            let acc = bias[f];
            for (let ky = 0; ky < 3; ky++) {
              for (let kx = 0; kx < 3; kx++) acc += kernel[f * 9 + ky * 3 + kx] * image[(y + ky) * size + x + kx];
            }
            best = Math.max(best, Math.max(0, acc));
          }
        }
        features[(f * pooled + r) * pooled + c] = best;
      }
    }
  }
  const m = features.length;
  const logits = new Float64Array(classes);
  let top = -Infinity;
  for (let k = 0; k < classes; k++) {
    let z = denseBias[k];
    for (let i = 0; i < m; i++) z += dense[k * m + i] * features[i];
    logits[k] = z;
    top = Math.max(top, z);
  }
  let total = 0;
  for (let k = 0; k < classes; k++) total += Math.exp(logits[k] - top);
  return Math.log(total) + top - logits[label];
}
