// Which entry points each eval's compiled module needs, and the compile() options that build it;
// shared by build.js and the test that checks the compiled modules are fresh.

/** The adgen modes each eval uses (see evals/<eval>.js for how each derivative is read out). */
export const MODES = {
  hello: ['grad'],
  llsq: ['grad'],
  lse: ['grad'],
  ode: ['vjp'],
  gmm: ['grad'],
  kmeans: ['hvp'],
  lstm: ['grad'],
  ba: ['grad', 'vjp'],
  ht: ['jvp'],
  det: ['grad'],
  // The entry points take no derivative (their start is @nondiff): the derivatives are inside.
  particle: ['grad'],
  saddle: ['grad'],
};

/** The eval names among a listing of gradbench/src, sorted. */
export function sources(files) {
  return files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => f.slice(0, -3)).sort();
}

export function compileOptions(name) {
  const modes = MODES[name];
  if (!modes) throw new Error(`gradbench/sources.js: no modes listed for ${name}`);
  return { fileName: `gradbench/src/${name}.ts`, sourceName: `../src/${name}.ts`, modes };
}
