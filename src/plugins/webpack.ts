/** The adgen plugin for webpack: `import adgen from 'adgen/webpack'`, then `adgen({ include, wrt, modes, dts })`. See unplugin.ts. */
import { adgen } from './unplugin.js';

export type { AdgenPluginOptions } from './unplugin.js';
export default adgen.webpack;
