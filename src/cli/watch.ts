/**
 * `adgen --watch`: build everything once, then watch (chokidar) every file each output depends
 * on — the entry file and, with a compiler that reports them, every file it imported
 * (FileBuild.inputs). Changes are collected for a short debounce window (editors write a file in
 * several steps, and a save-all touches many), then each target depending on a changed file is
 * rebuilt. A compile error is reported and the watcher goes on; the previous outputs stay.
 */
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { buildTarget, type Target } from './build.js';
import type { BuildOptions } from './options.js';
import { colors, plural, type Io } from './term.js';

export const DEBOUNCE_MS = 60;

export interface WatchHandle {
  close: () => Promise<void>;
}

export async function watchTargets(list: Target[], options: BuildOptions, io: Io): Promise<WatchHandle> {
  const deps = new Map<Target, string[]>();
  const several = list.length > 1;
  const rebuild = async (t: Target) => {
    const r = await buildTarget(t, options, io, several);
    deps.set(t, r.inputs);
  };
  for (const t of list) await rebuild(t);
  const watcher: FSWatcher = watch([...new Set([...deps.values()].flat())], { ignoreInitial: true, atomic: true });
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const flush = () => {
    const changed = new Set([...pending].map((p) => path.resolve(p)));
    pending.clear();
    running = running.then(async () => {
      const affected = list.filter((t) => (deps.get(t) ?? []).some((d) => changed.has(d)));
      for (const t of affected) await rebuild(t);
      // Files newly imported by a rebuilt target are watched from now on.
      watcher.add([...new Set([...deps.values()].flat())]);
    });
  };
  const onChange = (file: string) => {
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(flush, DEBOUNCE_MS);
  };
  watcher.on('change', onChange).on('add', onChange);
  await new Promise<void>((resolve) => watcher.on('ready', () => resolve()));
  if (!options.quiet) io.err(colors(io, 'err').dim(`watching ${plural(new Set([...deps.values()].flat()).size, 'file')} for changes (Ctrl-C to stop)`));
  return {
    close: async () => {
      clearTimeout(timer);
      await running;
      await watcher.close();
    },
  };
}
