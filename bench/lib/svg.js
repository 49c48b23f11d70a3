/**
 * A tiny SVG chart writer (no dependencies) for the benchmark report: log-scale y axis, and
 * either categories on x (one column per problem, one marker per series) or a log-scale numeric
 * x axis with lines (one per series). Output is deterministic text; values ≤ 0 or not finite
 * are left out (a skipped technique simply has no marker).
 */

const W = 960;
const PAD = { left: 70, right: 190, top: 40, bottom: 150 };
export const COLORS = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666', '#1f78b4', '#b2182b'];

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v) => Number(v.toFixed(2));

/** Powers of ten covering [lo, hi] (at least one decade). */
function decades(values) {
  const logs = values.filter((v) => v > 0 && Number.isFinite(v)).map(Math.log10);
  if (logs.length === 0) return [0, 1];
  const lo = Math.floor(Math.min(...logs));
  const hi = Math.max(lo + 1, Math.ceil(Math.max(...logs)));
  return [lo, hi];
}

function frame(title, height, yLabel, [lo, hi], plotH) {
  const y = (v) => PAD.top + plotH - ((Math.log10(v) - lo) / (hi - lo)) * plotH;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${height}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
    `<text transform="translate(16 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
  ];
  for (let e = lo; e <= hi; e++) {
    const yy = fmt(y(10 ** e));
    parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${yy}" y2="${yy}" stroke="#ddd"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${yy + 4}" text-anchor="end">${e >= -3 && e < 6 ? Number((10 ** e).toPrecision(1)) : `1e${e}`}</text>`);
  }
  return { parts, y };
}

function legend(parts, series) {
  series.forEach((s, i) => {
    const yy = PAD.top + 10 + i * 18;
    const x = W - PAD.right + 16;
    parts.push(`<circle cx="${x}" cy="${yy}" r="5" fill="${s.color}"/>`);
    parts.push(`<text x="${x + 10}" y="${yy + 4}">${esc(s.name)}</text>`);
  });
}

/**
 * Markers per category: `series` = [{ name, color, values: number[] (one per category) }].
 * A reference line is drawn at y = 1 (e.g. "as fast as the primal").
 */
export function categoryChart({ title, yLabel, categories, series }) {
  const height = 560;
  const plotH = height - PAD.top - PAD.bottom;
  const plotW = W - PAD.left - PAD.right;
  const range = decades([1, ...series.flatMap((s) => s.values)]);
  const { parts, y } = frame(title, height, yLabel, range, plotH);
  const step = plotW / categories.length;
  categories.forEach((c, i) => {
    const x = fmt(PAD.left + step * (i + 0.5));
    parts.push(`<text transform="translate(${x} ${PAD.top + plotH + 10}) rotate(50)" text-anchor="start">${esc(c)}</text>`);
  });
  parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${fmt(y(1))}" y2="${fmt(y(1))}" stroke="#999" stroke-dasharray="4 3"/>`);
  series.forEach((s, k) => {
    const dx = (k - (series.length - 1) / 2) * Math.min(6, (step * 0.8) / series.length);
    s.values.forEach((v, i) => {
      if (!(v > 0 && Number.isFinite(v))) return;
      parts.push(`<circle cx="${fmt(PAD.left + step * (i + 0.5) + dx)}" cy="${fmt(y(v))}" r="4" fill="${s.color}"><title>${esc(`${s.name}, ${categories[i]}: ${v.toPrecision(3)}`)}</title></circle>`);
    });
  });
  legend(parts, series);
  parts.push('</svg>', '');
  return parts.join('\n');
}

/** Lines over a log-scale numeric x: `series` = [{ name, color, points: [[x, y], …] }]. */
export function lineChart({ title, yLabel, xLabel, series }) {
  const height = 480;
  const plotH = height - PAD.top - 70;
  const plotW = W - PAD.left - PAD.right;
  const range = decades([1, ...series.flatMap((s) => s.points.map((p) => p[1]))]);
  const { parts, y } = frame(title, height, yLabel, range, plotH);
  const [xlo, xhi] = decades(series.flatMap((s) => s.points.map((p) => p[0])));
  const x = (v) => PAD.left + ((Math.log10(v) - xlo) / (xhi - xlo)) * plotW;
  for (let e = xlo; e <= xhi; e++) {
    const xx = fmt(x(10 ** e));
    parts.push(`<line x1="${xx}" x2="${xx}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="#eee"/>`);
    parts.push(`<text x="${xx}" y="${PAD.top + plotH + 16}" text-anchor="middle">${(10 ** e).toLocaleString('en-US')}</text>`);
  }
  parts.push(`<text x="${PAD.left + plotW / 2}" y="${height - 24}" text-anchor="middle">${esc(xLabel)}</text>`);
  parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${fmt(y(1))}" y2="${fmt(y(1))}" stroke="#999" stroke-dasharray="4 3"/>`);
  for (const s of series) {
    const pts = s.points.filter(([, v]) => v > 0 && Number.isFinite(v));
    if (pts.length === 0) continue;
    parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts.map(([a, b]) => `${fmt(x(a))},${fmt(y(b))}`).join(' ')}"/>`);
    for (const [a, b] of pts) parts.push(`<circle cx="${fmt(x(a))}" cy="${fmt(y(b))}" r="3.5" fill="${s.color}"><title>${esc(`${s.name}, n = ${a}: ${b.toPrecision(3)}`)}</title></circle>`);
  }
  legend(parts, series);
  parts.push('</svg>', '');
  return parts.join('\n');
}
