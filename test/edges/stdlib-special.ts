/**
 * stdlib's besselj0 and erf, transcribed line for line from their lib/main.js, calling the
 * packages' own generated polynomial helpers (compiled through from node_modules). The main
 * files themselves are out of adgen's reach (besselj0 uses sincos's `assign` export, erf sets the
 * low word of a double), so those two lines become Math.sin/Math.cos and a `setLowWord` called
 * from the package, and the boolean `sign` is the comparison it records, with derivative 0 (it truncates; the formula it feeds has the same value
 * and derivative for any derivative of z).
 *
 * @jvp setLowWord lowWordJvp
 */
import setLowWord from '@stdlib/number-float64-base-set-low-word';
import poly1 from '@stdlib/math-base-special-besselj0/lib/rational_p1q1.js';
import poly2 from '@stdlib/math-base-special-besselj0/lib/rational_p2q2.js';
import polyC from '@stdlib/math-base-special-besselj0/lib/rational_pcqc.js';
import polyS from '@stdlib/math-base-special-besselj0/lib/rational_psqs.js';
import polyvalPP from '@stdlib/math-base-special-erf/lib/polyval_pp.js';
import polyvalQQ from '@stdlib/math-base-special-erf/lib/polyval_qq.js';
import polyvalPA from '@stdlib/math-base-special-erf/lib/polyval_pa.js';
import polyvalQA from '@stdlib/math-base-special-erf/lib/polyval_qa.js';
import polyvalRA from '@stdlib/math-base-special-erf/lib/polyval_ra.js';
import polyvalSA from '@stdlib/math-base-special-erf/lib/polyval_sa.js';
import polyvalRB from '@stdlib/math-base-special-erf/lib/polyval_rb.js';
import polyvalSB from '@stdlib/math-base-special-erf/lib/polyval_sb.js';

function lowWordJvp(x: number, low: number, dx: number, dlow: number): number { return 0 * dx + 0 * dlow; }

const ONE_DIV_SQRT_PI = 0.5641895835477563;
const x1 = 2.4048255576957727686e+00;
const x2 = 5.5200781102863106496e+00;
const x11 = 6.160e+02;
const x12 = -1.42444230422723137837e-03;
const x21 = 1.4130e+03;
const x22 = 5.46860286310649596604e-04;

export function besselj0(x: number): number {
  if (x < 0) x = -x;
  if (x === Infinity) return 0.0;
  if (x === 0) return 1.0;
  if (x <= 4.0) {
    const y = x * x;
    const r = poly1(y);
    const f = (x + x1) * ((x - (x11 / 256.0)) - x12);
    return f * r;
  }
  if (x <= 8.0) {
    const y = 1.0 - ((x * x) / 64.0);
    const r = poly2(y);
    const f = (x + x2) * ((x - (x21 / 256.0)) - x22);
    return f * r;
  }
  const y = 8.0 / x;
  const y2 = y * y;
  const rc = polyC(y2);
  const rs = polyS(y2);
  const f = ONE_DIV_SQRT_PI / Math.sqrt(x);
  const s = Math.sin(x), c = Math.cos(x);
  return f * ((rc * (c + s)) - ((y * rs) * (s - c)));
}

const TINY = 1.0e-300;
const VERY_TINY = 2.848094538889218e-306;
const SMALL = 3.725290298461914e-9;
const ERX = 8.45062911510467529297e-1;
const EFX = 1.28379167095512586316e-1;
const EFX8 = 1.02703333676410069053;
const PPC = 1.28379167095512558561e-1;
const QQC = 1.0;
const PAC = -2.36211856075265944077e-3;
const QAC = 1.0;
const RAC = -9.86494403484714822705e-3;
const SAC = 1.0;
const RBC = -9.86494292470009928597e-3;
const SBC = 1.0;

export function erf(x: number): number {
  if (x !== x) return NaN;
  if (x === Infinity) return 1.0;
  if (x === -Infinity) return -1.0;
  if (x === 0.0) return x;
  let ax: number;
  if (x < 0.0) ax = -x; else ax = x;
  if (ax < 0.84375) {
    if (ax < SMALL) {
      if (ax < VERY_TINY) return 0.125 * ((8.0 * x) + (EFX8 * x));
      return x + (EFX * x);
    }
    const z = x * x;
    const r = PPC + (z * polyvalPP(z));
    const s = QQC + (z * polyvalQQ(z));
    const y = r / s;
    return x + (x * y);
  }
  if (ax < 1.25) {
    const s = ax - 1.0;
    const p = PAC + (s * polyvalPA(s));
    const q = QAC + (s * polyvalQA(s));
    if (x < 0.0) return -ERX - (p / q);
    return ERX + (p / q);
  }
  if (ax >= 6.0) {
    if (x < 0.0) return TINY - 1.0;
    return 1.0 - TINY;
  }
  let s = 1.0 / (ax * ax);
  let r: number;
  if (ax < 2.857142857142857) {
    r = RAC + (s * polyvalRA(s));
    s = SAC + (s * polyvalSA(s));
  } else {
    r = RBC + (s * polyvalRB(s));
    s = SBC + (s * polyvalSB(s));
  }
  const z = setLowWord(ax, 0);
  r = Math.exp(-(z * z) - 0.5625) * Math.exp(((z - ax) * (z + ax)) + (r / s));
  if (x < 0.0) return (r / ax) - 1.0;
  return 1.0 - (r / ax);
}
