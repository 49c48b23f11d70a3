/** The adgen plugin for Rspack: `import adgen from 'adgen/rspack'`, then `adgen({ include, wrt, modes, dts })`. See unplugin.ts. */
import { adgen } from './unplugin.js';

export type { AdgenPluginOptions } from './unplugin.js';
export default adgen.rspack;
