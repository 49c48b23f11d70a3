// picomatch ships no types; the one call the plugins make.
declare module 'picomatch' {
  function picomatch(patterns: string | string[], options?: { dot?: boolean }): (file: string) => boolean;
  export default picomatch;
}
