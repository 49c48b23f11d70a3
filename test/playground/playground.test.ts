/**
 * The playground page in a real headless Chromium (Debian's `chromium`, driven by
 * playwright-core): the bundle is built (playground/build.js) and served (playground/serve.js),
 * the notebook's f is typed into the page, the compiler running in the browser produces the
 * module, and the derivative values the page renders are read from the DOM. A screenshot must
 * show a rendered page (many distinct colours, no single colour covering it).
 *
 * Without a Chromium (CHROMIUM=/path, or /usr/bin/chromium as `apt-get install -y chromium`
 * installs it) the suite is skipped with a message saying so.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript build scripts, no declarations
import { buildPlayground } from '../../playground/build.js';
// @ts-expect-error: plain JavaScript build scripts, no declarations
import { servePlayground } from '../../playground/serve.js';

const root = path.resolve(__dirname, '../..');
const CANDIDATES = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const executable = CANDIDATES.find((p): p is string => !!p && existsSync(p));

/** The notebook's f with its doc comment, as a visitor would paste it. */
function notebookF(): string {
  const text = readFileSync(path.join(root, 'examples/notebook.ts'), 'utf8');
  const m = /\/\*\*[^\n]*\*\/\nexport function f\([\s\S]*?\n}\n/.exec(text);
  if (!m) throw new Error('examples/notebook.ts has no f');
  return m[0];
}

const timings: Record<string, number> = {};
let browser: Browser;
let page: Page;
let server: Server;
let url: string;

async function typeSource(source: string): Promise<void> {
  await page.fill('#source', source);
  await page.waitForSelector('body[data-state="ready"], body[data-state="error"]');
}

if (!executable) {
  console.warn('playground tests skipped: no Chromium found (install it with `apt-get install -y chromium`, or set CHROMIUM=/path/to/chromium)');
}

const title = executable ? `playground in headless Chromium (${executable})` : 'playground in headless Chromium — skipped: no Chromium found (apt-get install -y chromium, or CHROMIUM=/path)';

describe.skipIf(!executable)(title, () => {
  beforeAll(async () => {
    let t = performance.now();
    const built = await buildPlayground({ outdir: mkdtempSync(path.join(tmpdir(), 'adgen-playground-')) });
    timings.bundle = performance.now() - t;
    timings.bundleKB = built.bytes / 1024;
    ({ server, url } = await servePlayground(built.outdir));
    t = performance.now();
    browser = await chromium.launch({ executablePath: executable, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    // A script error fails at once, with its message, rather than as a timeout.
    const crashed = new Promise<never>((_, reject) => page.on('pageerror', (e) => reject(new Error(`the page threw: ${e.stack ?? e.message}`))));
    await page.goto(url);
    await Promise.race([page.waitForSelector('body[data-state="ready"]', { timeout: 30_000 }), crashed]);
    timings.browserAndFirstCompile = performance.now() - t;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    if (Object.keys(timings).length) console.log(`playground timings: ${Object.entries(timings).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')} (ms, kB)`);
  });

  it("renders the derivatives of the notebook's f at (3, 4)", async () => {
    const t = performance.now();
    await page.fill('#point', '3, 4');
    await typeSource(notebookF());
    expect(await page.textContent('#status')).toMatch(/^compiled in \d+ ms$/);
    expect(await page.textContent('[data-entry="f_grad"]')).toBe('value 42 · grad [24, 10]');
    expect(await page.textContent('[data-entry="f_hessian"]')).toBe('value 42 · grad [24, 10] · hessian [[8, 6], [6, 0]]');
    expect(await page.textContent('#module')).toContain('export function f_grad(x, y)');
    expect(await page.textContent('#errors')).toBe('');
    timings.compileAndRender = performance.now() - t;
  }, 60_000);

  it('links the module to the source through the source map, both ways', async () => {
    await typeSource(notebookF());
    const source = notebookF().split('\n');
    const returnLine = source.findIndex((l) => l.includes('return x * x * y'));
    // A click on a statement of the reverse core selects the source line of the op it comes from.
    const lines = page.locator('#module .ln');
    const texts = await lines.allTextContents();
    const core = texts.findIndex((t) => t.startsWith('function f_grad_core('));
    const statement = texts.findIndex((t, i) => i > core && t.includes('gradOut[1] ='));
    expect(statement).toBeGreaterThan(core);
    await lines.nth(statement).click();
    const selected = await page.evaluate(`(() => { const s = document.getElementById('source'); return s.value.slice(s.selectionStart, s.selectionEnd); })()`);
    expect(selected).toBe(source[returnLine]);
    // The cursor on that source line highlights the module's lines made from it, in every core.
    const highlighted = await page.locator('#module .ln.from-cursor').allTextContents();
    expect(highlighted.length).toBeGreaterThan(5);
    expect(highlighted.some((t) => t.includes('gradOut[1] ='))).toBe(true);
    expect(highlighted.every((t) => !t.startsWith('function symmetrize'))).toBe(true);
  }, 60_000);

  it('follows the point the visitor types', async () => {
    await page.fill('#point', '1, 2');
    await page.waitForFunction(`document.querySelector('[data-entry="f_grad"]')?.textContent === 'value 6 · grad [4, 2]'`);
  }, 60_000);

  it('takes arrays and evaluates vector-valued functions by their Jacobian', async () => {
    await page.fill('#point', '[1, 2, 3]');
    await typeSource(`export function sq(x: Float64Array): number {
  let t = 0;
  for (let i = 0; i < x.length; i++) t += x[i] * x[i];
  return t;
}

export function scaled(x: Float64Array): number[] {
  return [2 * x[0], x[1] * x[2]];
}

export function polar(r: number, t: number): [number, number] {
  return [r * Math.cos(t), r * Math.sin(t)];
}
`);
    expect(await page.textContent('[data-entry="sq_grad"]')).toBe('value 14 · grad [[2, 4, 6]]');
    expect(await page.textContent('[data-entry="scaled_jacobian"]')).toBe('value [2, 6] · jacobian [[2, 0, 0], [0, 3, 2]]');
    expect(await page.textContent('#values')).toContain('takes 2 arguments (r, t)');
  }, 60_000);

  it("maps an error the generated module throws back to the visitor's line", async () => {
    await page.fill('#point', '[1]');
    await typeSource(`export function h(x: Float64Array): number {
  const w = new Float64Array(x.length - 2);
  let t = 0;
  for (let i = 0; i < w.length; i++) t += x[i] * x[i + 2];
  return t;
}
`);
    expect(await page.textContent('[data-entry="h_grad"]')).toMatch(/^threw RangeError: .* at input\.ts:2:\d+$/);
  }, 60_000);

  it('shows errors with file, line, column, the source line and a caret', async () => {
    await typeSource('export function g(x: number): number {\n  return x * "a";\n}\n');
    const shown = await page.textContent('#errors');
    expect(shown).toMatch(/^input\.ts:2:\d+: error: /);
    expect(shown).toContain('return x * "a";');
    expect(shown).toMatch(/\|\s+\^+/);
    expect(await page.textContent('#values')).toBe('');
    // The page has no files to import from: a located error, not a crash.
    await typeSource("import { sq } from './sq.ts';\nexport function g(x: number): number {\n  return sq(x);\n}\n");
    expect(await page.textContent('#errors')).toMatch(/^input\.ts:1:\d+: error: cannot find '\.\/sq\.ts'/);
  }, 60_000);

  it('takes a screenshot of a rendered page', async () => {
    await page.fill('#point', '3, 4');
    await typeSource(notebookF());
    expect(await page.textContent('[data-entry="f_grad"]')).toBe('value 42 · grad [24, 10]');
    const png = await page.screenshot({ fullPage: true });
    const file = path.join(tmpdir(), 'adgen-playground.png');
    writeFileSync(file, png);
    // Decode with the browser's own PNG decoder and count colours (page code, so a string: the tests compile without the DOM's types).
    const stats = (await page.evaluate(`(async (b64) => {
      const img = new Image();
      img.src = 'data:image/png;base64,' + b64;
      await img.decode();
      const canvas = Object.assign(document.createElement('canvas'), { width: img.width, height: img.height });
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, img.width, img.height).data;
      const counts = new Map();
      for (let i = 0; i < data.length; i += 4) {
        const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return { width: img.width, height: img.height, colours: counts.size, dominant: Math.max(...counts.values()) / (data.length / 4) };
    })(${JSON.stringify(png.toString('base64'))})`)) as { width: number; height: number; colours: number; dominant: number };
    expect(stats.width).toBeGreaterThanOrEqual(1200);
    expect(stats.colours, `screenshot ${file}`).toBeGreaterThan(50);
    expect(stats.dominant, `screenshot ${file}`).toBeLessThan(0.9);
  }, 60_000);
});
