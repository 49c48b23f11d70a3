// Makes the n×n row-major matrix h exactly symmetric: each off-diagonal pair becomes its mean.
function $symmetrize(h, n) {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = h[i * n + j];
      const b = h[j * n + i];
      if (a !== b) {
        const mean = 0.5 * a + 0.5 * b;
        h[i * n + j] = mean;
        h[j * n + i] = mean;
      }
    }
  }
}
