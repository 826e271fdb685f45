// Require hook that compiles TypeScript on the fly with SWC, for child processes that tests spawn:
// `node -r ./tools/ts-register.js worker.ts`.
const swc = require('@swc/core');
const Module = require('node:module');

const options = require('./swc-options')('inline');

/** @typedef {{ _compile(code: string, filename: string): void }} CompilingModule */
/** @typedef {(module: CompilingModule, filename: string) => void} Loader */
// Module._extensions is Node's (undocumented, stable) table of loaders, absent from @types/node.
const loaders = /** @type {{ _extensions: Record<string, Loader> }} */ (/** @type {unknown} */ (Module))._extensions;

/** @type {Loader} */
loaders['.ts'] = function compile(module, filename) {
  const { code } = swc.transformFileSync(filename, options);
  module._compile(code, filename);
};
