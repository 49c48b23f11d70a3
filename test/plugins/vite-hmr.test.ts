/**
 * Vite's dev server with the plugin: a module imported as `./energy.ts?grad` is loaded through
 * the server (ssrLoadModule, no browser), the source is edited, and the server — told of the
 * change as its watcher would tell it — serves the recompiled module. The change event is sent
 * by the test rather than awaited from the file system, so the test does not depend on timing.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ViteDevServer } from 'vite';
import adgenVite from '../../src/plugins/vite.js';
import { INCLUDE, makeApp } from './fixture.js';

let app: ReturnType<typeof makeApp>;
let server: ViteDevServer;

beforeAll(async () => {
  app = makeApp();
  const { createServer } = await import('vite');
  server = await createServer({
    root: app.dir,
    configFile: false,
    logLevel: 'silent',
    server: { middlewareMode: true, hmr: false, watch: null },
    plugins: [adgenVite({ root: app.dir, include: INCLUDE })],
  });
});

afterAll(async () => {
  await server?.close();
  app?.cleanup();
});

it('reloads the compiled module when its source changes', async () => {
  const main = '/src/main.js';
  const first = await server.ssrLoadModule(main);
  expect(first.results.energy.grad).toEqual([12, 9 + Math.cos(2)]);

  const source = path.join(app.dir, 'src/energy.ts');
  // The source is a dependency of the compiled module in Vite's module graph.
  const [compiled] = [...(server.moduleGraph.getModulesByFile(path.join(app.dir, 'src/energy.grad.js')) ?? [])];
  expect(compiled).toBeDefined();

  writeFileSync(source, `export function energy(x: number, y: number): number {\n  return x * x * x * y;\n}\n`);
  server.watcher.emit('change', source);
  await waitForInvalidation(() => compiled.transformResult === null && compiled.ssrTransformResult === null);

  const second = await server.ssrLoadModule(main);
  expect(second.results.energy.grad).toEqual([3 * 9 * 2, 27]);
  expect(second.results.energy.value).toBe(54);
});

it('reloads it when a file the source imports changes', async () => {
  const helper = path.join(app.dir, 'src/scale.ts');
  writeFileSync(helper, `export function scale(x: number): number {\n  return 2 * x;\n}\n`);
  writeFileSync(path.join(app.dir, 'src/energy.ts'), `import { scale } from './scale.ts';\nexport function energy(x: number, y: number): number {\n  return scale(x) * y;\n}\n`);
  server.watcher.emit('change', path.join(app.dir, 'src/energy.ts'));
  const compiled = () => [...(server.moduleGraph.getModulesByFile(path.join(app.dir, 'src/energy.grad.js')) ?? [])][0];
  await waitForInvalidation(() => compiled().ssrTransformResult === null);
  expect((await server.ssrLoadModule('/src/main.js')).results.energy.grad).toEqual([4, 6]);

  writeFileSync(helper, `export function scale(x: number): number {\n  return 5 * x;\n}\n`);
  server.watcher.emit('change', helper);
  await waitForInvalidation(() => compiled().ssrTransformResult === null);
  expect((await server.ssrLoadModule('/src/main.js')).results.energy.grad).toEqual([10, 15]);
});

/** Vite handles a change asynchronously; wait for its effect (bounded), not for a fixed time. */
async function waitForInvalidation(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!done()) throw new Error('the compiled module was not invalidated within 5 s');
}
