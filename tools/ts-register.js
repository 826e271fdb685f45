// Require hook that compiles TypeScript on the fly with SWC (decorator metadata on, workspace aliases
// resolved), for child processes that tests spawn: `node -r ./tools/ts-register.js worker.ts`.
const swc = require('@swc/core');
const path = require('node:path');
const Module = require('node:module');
const tsconfig = require('../tsconfig.base.json');

const root = path.join(__dirname, '..');
const options = {
  sourceMaps: 'inline',
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    baseUrl: root,
    paths: tsconfig.compilerOptions.paths,
  },
  module: { type: 'commonjs' },
};

Module._extensions['.ts'] = function compile(module, filename) {
  const { code } = swc.transformFileSync(filename, options);
  module._compile(code, filename);
};
