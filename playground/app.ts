/**
 * The playground page: the compiler (src/compile.ts, bundled by playground/build.js) runs in the
 * browser on every edit; the generated module is imported from a Blob URL (with its source map
 * inlined, so the browser's devtools show input.ts for it) and its derivative entry points are
 * evaluated at the point the visitor typed. Errors show as the CLI prints them: file:line:col,
 * the source line and a caret.
 */
import { compile, formatDiagnostic, type CompileResult } from '../src/index.js';

const FILE = 'input.ts';
const DEFAULT_SOURCE = `/** f(x, y) = x²y + y + 2 */
export function f(x: number, y: number): number {
  return x * x * y + y + 2;
}
`;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const sourceBox = $<HTMLTextAreaElement>('source');
const pointBox = $<HTMLInputElement>('point');
const status = $<HTMLParagraphElement>('status');
const values = $<HTMLDivElement>('values');
const errors = $<HTMLPreElement>('errors');
const moduleBox = $<HTMLPreElement>('module');
const size = $<HTMLSpanElement>('size');

type Export = NonNullable<CompileResult['exports']>[number];

/** Numbers as a person reads them: 12 significant digits, no trailing noise. */
function show(x: unknown): string {
  if (typeof x === 'number') return String(Number(x.toPrecision(12)));
  if (ArrayBuffer.isView(x) || Array.isArray(x)) return `[${Array.from(x as ArrayLike<unknown>, show).join(', ')}]`;
  if (x && typeof x === 'object') return Object.entries(x).map(([k, v]) => `${k} ${show(v)}`).join(' · ');
  return String(x);
}

/** `3, [1, 2]` → [3, Float64Array [1, 2]]; throws a readable error otherwise. */
function parsePoint(text: string): (number | Float64Array)[] {
  const parsed: unknown = JSON.parse(`[${text}]`);
  return (parsed as unknown[]).map((a, i) => {
    if (typeof a === 'number') return a;
    if (Array.isArray(a) && a.every((n) => typeof n === 'number')) return Float64Array.from(a as number[]);
    throw new Error(`argument ${i + 1} is neither a number nor an array of numbers`);
  });
}

/** The entry points worth showing for one export, most useful first. */
function entryPoints(e: Export): string[] {
  const want = e.output === 'scalar' ? ['_grad', '_hessian'] : ['_jacobian'];
  const found = want.map((s) => e.name + s).filter((n) => e.entryPoints.includes(n));
  return found.length ? found : [e.name];
}

function row(table: HTMLTableElement, fn: string, entry: string, text: string, failed = false): void {
  const tr = table.insertRow();
  tr.insertCell().textContent = fn;
  tr.insertCell().textContent = entry;
  const cell = tr.insertCell();
  cell.className = failed ? 'num fail' : 'num';
  cell.dataset.entry = entry;
  cell.textContent = text;
}

async function importModule(js: string, map: CompileResult['map']): Promise<Record<string, (...a: unknown[]) => unknown>> {
  let text = js;
  if (map) {
    const json = new TextEncoder().encode(JSON.stringify({ ...map, file: 'input.grad.js' }));
    text += `//# sourceMappingURL=data:application/json;base64,${btoa(Array.from(json, (b) => String.fromCharCode(b)).join(''))}\n`;
  }
  const url = URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
  try {
    return await import(/* @vite-ignore */ url);
  } finally {
    URL.revokeObjectURL(url);
  }
}

async function evaluate(r: CompileResult, point: string): Promise<void> {
  const table = document.createElement('table');
  table.createTHead().insertRow().append(...['function', 'entry point', `at (${point})`].map((h) => Object.assign(document.createElement('th'), { textContent: h })));
  values.replaceChildren(table);
  let args: (number | Float64Array)[];
  try {
    args = parsePoint(point);
  } catch (e) {
    return row(table, '', '', `cannot read the point: ${(e as Error).message}`, true);
  }
  const mod = await importModule(r.js!, r.map);
  for (const e of r.exports ?? []) {
    if (e.params.length !== args.length) {
      row(table, e.name, '', `takes ${e.params.length} argument${e.params.length === 1 ? '' : 's'} (${e.params.map((p) => p.name).join(', ')})`, true);
      continue;
    }
    for (const entry of entryPoints(e)) {
      try {
        row(table, e.name, entry, show(mod[entry](...args.map((a) => (typeof a === 'number' ? a : a.slice())))));
      } catch (err) {
        row(table, e.name, entry, `threw ${(err as Error).message}`, true);
      }
    }
  }
}

let generation = 0;

async function update(): Promise<void> {
  const mine = ++generation;
  const source = sourceBox.value;
  const started = performance.now();
  const r = compile(source, { fileName: FILE });
  const ms = performance.now() - started;
  errors.textContent = r.diagnostics.map((d) => formatDiagnostic(d, source, FILE)).join('\n\n');
  if (!r.js) {
    status.textContent = `${r.diagnostics.length} error${r.diagnostics.length === 1 ? '' : 's'}`;
    values.replaceChildren();
    moduleBox.textContent = '';
    size.textContent = '';
    document.body.dataset.state = 'error';
    return;
  }
  moduleBox.textContent = r.js;
  size.textContent = `(${(new TextEncoder().encode(r.js).length / 1024).toFixed(1)} kB)`;
  status.textContent = `compiled in ${Math.round(ms)} ms`;
  await evaluate(r, pointBox.value);
  if (mine === generation) document.body.dataset.state = 'ready';
}

let timer: ReturnType<typeof setTimeout> | undefined;
function schedule(): void {
  document.body.dataset.state = 'pending';
  clearTimeout(timer);
  timer = setTimeout(() => void update(), 200);
}

sourceBox.value = DEFAULT_SOURCE;
pointBox.value = '3, 4';
sourceBox.addEventListener('input', schedule);
pointBox.addEventListener('input', schedule);
sourceBox.addEventListener('keydown', (e) => {
  if (e.key !== 'Tab') return;
  e.preventDefault();
  sourceBox.setRangeText('  ', sourceBox.selectionStart, sourceBox.selectionEnd, 'end');
  schedule();
});
void update();
