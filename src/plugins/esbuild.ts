/** The adgen plugin for esbuild: `import adgen from 'adgen/esbuild'`, then `adgen({ include, wrt, modes, dts })`. See unplugin.ts. */
import { adgen } from './unplugin.js';

export type { AdgenPluginOptions } from './unplugin.js';
export default adgen.esbuild;
