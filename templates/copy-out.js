// A fresh Float64Array holding src[start, start + length): a result the caller owns, copied out
// of a module-level scratch buffer that the next call reuses (cheaper than a subarray view).
function $copyOut(src, start, length) {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    out[i] = src[start + i];
  }
  return out;
}
