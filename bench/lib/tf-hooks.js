/**
 * Module hooks that let Node load @tensorflow/tfjs-core's ES-module files, which the benchmarks
 * need for one file: dist/register_all_gradients.js. tfjs-core's Node entry point (a CommonJS
 * bundle) has every op but no gradient functions — only the @tensorflow/tfjs union package
 * registers them — and its ES-module files use extensionless relative imports inside a package
 * without "type": "module", which Node refuses. These hooks add the `.js` (or `/index.js`) and
 * mark those files as ES modules. The gradient functions then register themselves in tfjs's
 * global registry, which both copies of the library share (tfjs keeps its engine and registries
 * on the global object precisely so that several copies cooperate).
 */
const CORE = '/@tensorflow/tfjs-core/dist/';
const isCoreModule = (url) => url.includes(CORE) && !url.endsWith('tf-core.node.js');

export async function resolve(specifier, context, next) {
  if (context.parentURL && isCoreModule(context.parentURL) && /^\.\.?\//.test(specifier) && !specifier.endsWith('.js')) {
    try {
      return await next(`${specifier}.js`, context);
    } catch {
      return next(`${specifier}/index.js`, context);
    }
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (isCoreModule(url) && url.endsWith('.js')) return next(url, { ...context, format: 'module' });
  return next(url, context);
}
