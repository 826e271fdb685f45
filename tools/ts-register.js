// Require hook that compiles TypeScript on the fly with SWC, for child processes that tests spawn:
// `node -r ./tools/ts-register.js worker.ts`.
const swc = require('@swc/core');
const Module = require('node:module');

const options = require('./swc-options')('inline');

Module._extensions['.ts'] = function compile(module, filename) {
  const { code } = swc.transformFileSync(filename, options);
  module._compile(code, filename);
};
