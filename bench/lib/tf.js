/**
 * Loads TensorFlow.js (tfjs-core + the CPU backend, float32) with its gradients registered, or
 * returns `{ error }` if that fails, so TF.js rows then read "not available" instead of failing.
 * The "install the node backend" banner the CPU backend prints on first use is silenced: the
 * report says which backend was measured.
 */
import { createRequire, register } from 'node:module';

const require = createRequire(import.meta.url);
let loaded = null;

export async function loadTf() {
  if (loaded) return loaded;
  try {
    register('./tf-hooks.js', import.meta.url);
    const tf = await import(require.resolve('@tensorflow/tfjs-core'));
    await import(require.resolve('@tensorflow/tfjs-backend-cpu'));
    await import(require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js'));
    await tf.setBackend('cpu');
    const original = console.warn;
    console.warn = () => {};
    try {
      tf.tidy(() => tf.scalar(0).dataSync()); // the first tensor write prints the banner
    } finally {
      console.warn = original;
    }
    const pkg = require('@tensorflow/tfjs-core/package.json');
    loaded = { tf, version: pkg.version, backend: tf.getBackend() };
  } catch (error) {
    loaded = { error: `TensorFlow.js: not available (${error.message.split('\n')[0]})` };
  }
  return loaded;
}
