/**
 * GradBench `kmeans`: the k-means cost Σᵢ minⱼ ‖Cⱼ − Pᵢ‖² of n points P (n×d, row-major) for k
 * centroids C (k×d). The eval's Newton direction J·H⁻¹ needs the gradient and the Hessian's
 * diagonal; H is diagonal, so one Hessian-vector product along the all-ones vector gives both.
 * @wrt centroids
 */
export function cost(points: Float64Array, centroids: Float64Array, d: number): number {
  const n = points.length / d;
  const k = centroids.length / d;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let closest = distance2(points, i * d, centroids, 0, d);
    for (let j = 1; j < k; j++) closest = Math.min(closest, distance2(points, i * d, centroids, j * d, d));
    total += closest;
  }
  return total;
}

/** ‖a[aOff …] − b[bOff …]‖² over d coordinates. */
function distance2(a: Float64Array, aOff: number, b: Float64Array, bOff: number, d: number): number {
  let s = 0;
  for (let l = 0; l < d; l++) {
    const diff = a[aOff + l] - b[bOff + l];
    s += diff * diff;
  }
  return s;
}
