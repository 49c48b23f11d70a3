/**
 * The playground page: the compiler (src/compile.ts, bundled by playground/build.js) runs in the
 * browser on every edit; the generated module is imported from a Blob URL (with its source map
 * inlined, so the browser's devtools show input.ts for it) and its derivative entry points are
 * evaluated at the point the visitor typed. Errors show as the CLI prints them: file:line:col,
 * the source line and a caret. The source map links the two panes: a click on a line of the
 * module selects the source line it came from, and the lines made from the source line under the
 * cursor are highlighted in the module.
 */
import { decodedMappings, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
// The compiler alone (not src/index.ts, whose checker writes temporary files with node:fs).
import { compile, type CompileResult } from '../src/compile.js';
import { formatDiagnostic } from '../src/diagnostics.js';

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

type Loaded = { mod: Record<string, (...a: unknown[]) => unknown>; url: string };

async function importModule(js: string, map: CompileResult['map']): Promise<Loaded> {
  let text = js;
  if (map) {
    const json = new TextEncoder().encode(JSON.stringify({ ...map, file: 'input.grad.js' }));
    text += `//# sourceMappingURL=data:application/json;base64,${btoa(Array.from(json, (b) => String.fromCharCode(b)).join(''))}\n`;
  }
  const url = URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
  try {
    return { mod: await import(/* @vite-ignore */ url), url };
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
  const { mod, url } = await importModule(r.js!, r.map);
  const trace = r.map && new TraceMap(r.map as never);
  for (const e of r.exports ?? []) {
    if (e.params.length !== args.length) {
      row(table, e.name, '', `takes ${e.params.length} argument${e.params.length === 1 ? '' : 's'} (${e.params.map((p) => p.name).join(', ')})`, true);
      continue;
    }
    for (const entry of entryPoints(e)) {
      try {
        row(table, e.name, entry, show(mod[entry](...args.map((a) => (typeof a === 'number' ? a : a.slice())))));
      } catch (err) {
        const at = trace && userFrame(err, url, trace);
        row(table, e.name, entry, `threw ${String(err)}${at ? ` at ${at}` : ''}`, true);
      }
    }
  }
}

/** For each line of the module (0-based), the 0-based source line it comes from, or -1. */
let origins: number[] = [];

/**
 * The source line a module line comes from: its first mapping, except that a statement standing
 * for the whole function (a gradient written out, a wrapper's call) is better shown by the op
 * inside it, when it has one.
 */
function originsOf(lines: string[], map: CompileResult['map']): number[] {
  const mappings = map ? decodedMappings(new TraceMap(map as never)) : [];
  let header = -1;
  return lines.map((text, i) => {
    const found = (mappings[i] ?? []).filter((seg) => seg.length >= 4).map((seg) => seg[2] as number);
    if (/^(export )?function /.test(text)) header = found[0] ?? -1;
    return found.find((line) => line !== header) ?? found[0] ?? -1;
  });
}

function showModule(js: string, map: CompileResult['map']): void {
  const lines = js.replace(/\n$/, '').split('\n');
  origins = originsOf(lines, map);
  moduleBox.replaceChildren(
    ...lines.map((text, i) => Object.assign(document.createElement('span'), { className: origins[i] >= 0 ? 'ln mapped' : 'ln', textContent: `${text}\n`, title: origins[i] >= 0 ? `from ${FILE}:${origins[i] + 1}` : '' })),
  );
  highlightFromSource();
}

/** Select source line `line` (0-based) in the editor. */
function selectSourceLine(line: number): void {
  const text = sourceBox.value;
  let start = 0;
  for (let i = 0; i < line; i++) start = text.indexOf('\n', start) + 1;
  const end = text.indexOf('\n', start);
  sourceBox.focus();
  sourceBox.setSelectionRange(start, end < 0 ? text.length : end);
  highlightFromSource();
}

/** Highlight the module's lines that come from the source line holding the cursor (and scroll to the first). */
function highlightFromSource(scroll = false): void {
  const line = sourceBox.value.slice(0, sourceBox.selectionStart).split('\n').length - 1;
  moduleBox.querySelectorAll('.ln').forEach((el, i) => el.classList.toggle('from-cursor', origins[i] === line));
  const first = moduleBox.querySelector<HTMLElement>('.from-cursor');
  if (scroll && first && (first.offsetTop < moduleBox.scrollTop || first.offsetTop > moduleBox.scrollTop + moduleBox.clientHeight)) {
    moduleBox.scrollTop = first.offsetTop - moduleBox.offsetTop - 24;
  }
}

moduleBox.addEventListener('click', (e) => {
  const el = (e.target as HTMLElement).closest('.ln');
  const i = el ? Array.prototype.indexOf.call(moduleBox.children, el) : -1;
  if (i >= 0 && origins[i] >= 0) selectSourceLine(origins[i]);
});
for (const event of ['click', 'keyup']) sourceBox.addEventListener(event, () => highlightFromSource(true));

/**
 * Where in the source an error thrown by the generated module happened: the innermost frame of
 * the module in its stack, mapped through the source map (a stack trace names the generated
 * lines; only the browser's devtools apply the inlined map themselves).
 */
function userFrame(err: unknown, url: string, trace: TraceMap): string | undefined {
  const stack = String((err as Error | undefined)?.stack ?? '');
  const escaped = url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const m of stack.matchAll(new RegExp(`${escaped}:(\\d+):(\\d+)`, 'g'))) {
    const pos = originalPositionFor(trace, { line: Number(m[1]), column: Number(m[2]) - 1 });
    if (pos.line !== null) return `${FILE}:${pos.line}:${pos.column + 1}`;
  }
  return undefined;
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
  showModule(r.js, r.map);
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
