/** The adgen plugin for Vite: `import adgen from 'adgen/vite'`, then `adgen({ include, wrt, modes, dts })`. See unplugin.ts. */
import { adgen } from './unplugin.js';

export type { AdgenPluginOptions } from './unplugin.js';
export default adgen.vite;
