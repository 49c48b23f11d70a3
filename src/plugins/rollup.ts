/** The adgen plugin for Rollup: `import adgen from 'adgen/rollup'`, then `adgen({ include, wrt, modes, dts })`. See unplugin.ts. */
import { adgen } from './unplugin.js';

export type { AdgenPluginOptions } from './unplugin.js';
export default adgen.rollup;
