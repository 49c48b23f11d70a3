// Sparse derivatives: index sets for the sparsity pattern, colouring, and recovery.
//
// The pattern run (a copy of the primal emitted beside it) gives every value the set of active
// inputs it depends on, as an immutable union DAG: null is the empty set, a number one index,
// [a, b, mark] the union of a and b. A union costs O(1); a set is only listed where a pattern
// needs it (a product, a Jacobian row), walking the DAG once with an epoch mark.
function $spUnion(a, b) {
  return a == null ? b : b == null || a === b ? a : [a, b, 0];
}

// The indices of set s, each once, in no particular order (undefined, read past the end of an
// array, is empty as null is).
function $spList(ctx, s) {
  const out = [];
  if (s == null) return out;
  const epoch = ++ctx.epoch;
  const stack = [s];
  while (stack.length > 0) {
    const t = stack.pop();
    if (t == null) continue;
    if (typeof t === 'number') {
      if (ctx.seen[t] !== epoch) {
        ctx.seen[t] = epoch;
        out.push(t);
      }
    } else if (t[2] !== epoch) {
      t[2] = epoch;
      stack.push(t[0], t[1]);
    }
  }
  return out;
}

// Records that the Hessian may be non-zero at every (i, j), i in a, j in b (a nonlinear
// operation of values depending on a and on b).
function $spPairs(ctx, a, b) {
  if (a == null || b == null) return;
  const left = $spList(ctx, a);
  const right = a === b ? left : $spList(ctx, b);
  const n = ctx.n;
  for (const i of left) {
    for (const j of right) ctx.pairs.add(i < j ? i * n + j : j * n + i);
  }
}

// A fresh pattern context over n active scalars.
function $spContext(n) {
  return { n, seen: new Int32Array(n), epoch: 0, pairs: new Set() };
}

// The shadow of an active array parameter whose first element is active scalar `offset`.
function $spLeaves(length, offset) {
  const out = new Array(length);
  for (let i = 0; i < length; i++) out[i] = offset + i;
  return out;
}

// CSR of sorted keys row * cols + col.
function $spCsr(keys, rows, cols) {
  keys.sort();
  const rowPtr = new Int32Array(rows + 1);
  const colIdx = new Int32Array(keys.length);
  for (let k = 0; k < keys.length; k++) {
    const row = Math.floor(keys[k] / cols);
    rowPtr[row + 1]++;
    colIdx[k] = keys[k] - row * cols;
  }
  for (let i = 0; i < rows; i++) rowPtr[i + 1] += rowPtr[i];
  return { rowPtr, colIdx };
}

// The symmetric Hessian pattern (both triangles) from the recorded pairs.
function $spHessianPattern(ctx) {
  const n = ctx.n;
  let count = 0;
  for (const key of ctx.pairs) count += key % n === Math.floor(key / n) ? 1 : 2;
  const keys = new Float64Array(count);
  let k = 0;
  for (const key of ctx.pairs) {
    const i = Math.floor(key / n);
    const j = key - i * n;
    keys[k++] = key;
    if (i !== j) keys[k++] = j * n + i;
  }
  return $spCsr(keys, n, n);
}

// The m×n Jacobian pattern: row i is the set of output element i (rows is null when no output
// depends on an active input).
function $spJacobianPattern(ctx, rows, m) {
  const lists = [];
  for (let i = 0; i < m; i++) lists.push($spList(ctx, rows === null ? null : rows[i]));
  const keys = new Float64Array(lists.reduce((s, l) => s + l.length, 0));
  let k = 0;
  lists.forEach((list, i) => {
    for (const j of list) keys[k++] = i * ctx.n + j;
  });
  return $spCsr(keys, m, ctx.n);
}

// Greedy distance-2 colouring of the columns of an m×n pattern: two columns with an entry in a
// common row get different colours, so J times the sum of one colour's unit vectors holds each
// of those columns' entries in distinct rows (Curtis–Powell–Reid).
function $spColorColumns(m, n, rowPtr, colIdx) {
  const colPtr = new Int32Array(n + 1);
  for (let k = 0; k < colIdx.length; k++) colPtr[colIdx[k] + 1]++;
  for (let j = 0; j < n; j++) colPtr[j + 1] += colPtr[j];
  const rowOf = new Int32Array(colIdx.length);
  const fill = colPtr.slice(0, n);
  for (let i = 0; i < m; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) rowOf[fill[colIdx[k]]++] = i;
  }
  const color = new Int32Array(n).fill(-1);
  const forbidden = new Int32Array(n + 1).fill(-1);
  let colors = 0;
  for (let j = 0; j < n; j++) {
    for (let r = colPtr[j]; r < colPtr[j + 1]; r++) {
      const i = rowOf[r];
      for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        const c = color[colIdx[k]];
        if (c >= 0) forbidden[c] = j;
      }
    }
    let c = 0;
    while (forbidden[c] === j) c++;
    color[j] = c;
    if (c >= colors) colors = c + 1;
  }
  return { color, colors };
}

// Greedy star colouring of a symmetric pattern (Gebremedhin, Manne, Pothen): a proper colouring
// in which every path on four vertices uses at least three colours, so each entry of H can be
// read directly off the products with the colour groups (see $spHessianGather).
function $spStarColor(n, rowPtr, colIdx) {
  const color = new Int32Array(n).fill(-1);
  const forbidden = new Int32Array(n + 1).fill(-1);
  let colors = 0;
  for (let v = 0; v < n; v++) {
    for (let a = rowPtr[v]; a < rowPtr[v + 1]; a++) {
      const w = colIdx[a];
      const cw = color[w];
      if (w === v || cw < 0) continue;
      forbidden[cw] = v;
      // v between w and another neighbour coloured cw: any colour next to w would close x–w–v–w'.
      const between = $spHasNeighbour(v, w, cw, rowPtr, colIdx, color);
      for (let b = rowPtr[w]; b < rowPtr[w + 1]; b++) {
        const x = colIdx[b];
        const cx = color[x];
        if (x === w || x === v || cx < 0 || forbidden[cx] === v) continue;
        // Otherwise cx is forbidden when x has another neighbour coloured cw (v–w–x–y).
        if (between || $spHasNeighbour(x, w, cw, rowPtr, colIdx, color)) forbidden[cx] = v;
      }
    }
    let c = 0;
    while (forbidden[c] === v) c++;
    color[v] = c;
    if (c >= colors) colors = c + 1;
  }
  return { color, colors };
}

// Whether v has a neighbour other than w (and v) coloured c.
function $spHasNeighbour(v, w, c, rowPtr, colIdx, color) {
  for (let a = rowPtr[v]; a < rowPtr[v + 1]; a++) {
    const u = colIdx[a];
    if (u !== w && u !== v && color[u] === c) return true;
  }
  return false;
}

// Where each Jacobian entry (i, j) sits among the products: colour-major, m per colour.
function $spJacobianGather(m, rowPtr, colIdx, color) {
  const at = new Int32Array(colIdx.length);
  for (let i = 0; i < m; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) at[k] = color[colIdx[k]] * m + i;
  }
  return at;
}

// Where each Hessian entry (i, j) sits among the products (colour-major, n per colour): in row i
// of the product with j's colour when j is i's only neighbour of that colour, else in row j of
// the product with i's colour (a star colouring guarantees one of the two).
function $spHessianGather(n, rowPtr, colIdx, color, colors) {
  const at = new Int32Array(colIdx.length);
  const count = new Int32Array(colors);
  for (let i = 0; i < n; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) count[color[colIdx[k]]]++;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const j = colIdx[k];
      at[k] = j === i || count[color[j]] === 1 ? color[j] * n + i : color[i] * n + j;
    }
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) count[color[colIdx[k]]] = 0;
  }
  return at;
}

// A compression plan: pattern, colours, where each entry is read, and the scratch it needs.
function $spPlan(key, rows, cols, pattern, symmetric) {
  const { rowPtr, colIdx } = pattern;
  const { color, colors } = symmetric ? $spStarColor(cols, rowPtr, colIdx) : $spColorColumns(rows, cols, rowPtr, colIdx);
  const at = symmetric ? $spHessianGather(cols, rowPtr, colIdx, color, colors) : $spJacobianGather(rows, rowPtr, colIdx, color);
  const products = new Float64Array(Math.max(colors, 1) * rows);
  return { key, rows, cols, rowPtr, colIdx, color, colors, at, products };
}

// Whether `plan` was made for the same shape: every entry of `key` is a size or a passive number
// (equal as by Object.is) or an integer array (equal element by element).
function $spSameShape(plan, key) {
  if (plan === null || plan.key.length !== key.length) return false;
  for (let i = 0; i < key.length; i++) {
    const a = plan.key[i];
    const b = key[i];
    if (typeof b === 'number') {
      if (!Object.is(a, b)) return false;
    } else {
      if (typeof a === 'number' || a.length !== b.length) return false;
      for (let k = 0; k < b.length; k++) if (a[k] !== b[k]) return false;
    }
  }
  return true;
}

// The key stored with a plan: integer arrays copied, so later writes by the caller are noticed.
function $spKeyCopy(key) {
  return key.map((k) => (typeof k === 'number' ? k : Int32Array.from(k)));
}

// Direction d of colour c: 1 on the active scalars of that colour, 0 elsewhere.
function $spDirection(plan, c, d) {
  const color = plan.color;
  for (let j = 0; j < d.length; j++) d[j] = color[j] === c ? 1 : 0;
}

// The CSR matrix the caller gets: its own copy of the pattern, values read off the products, and
// how many products (JVPs or HVPs, one per colour) it took.
function $spResult(plan) {
  const { at, products } = plan;
  const values = new Float64Array(at.length);
  for (let k = 0; k < at.length; k++) values[k] = products[at[k]];
  return { rows: plan.rows, cols: plan.cols, rowPtr: plan.rowPtr.slice(), colIdx: plan.colIdx.slice(), values, colors: Math.max(plan.colors, 1) };
}
