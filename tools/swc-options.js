// The one SWC configuration for emitting (tools/build.js) and for on-the-fly compilation of child
// processes in tests (tools/ts-register.js): decorator metadata on (Nest DI needs it), workspace
// aliases rewritten to relative paths.
const path = require('node:path');
const tsconfig = require('../tsconfig.base.json');

const root = path.join(__dirname, '..');

/**
 * @param {boolean | 'inline'} sourceMaps
 * @returns {import('@swc/core').Options}
 */
module.exports = (sourceMaps) => ({
  cwd: root,
  sourceMaps,
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    baseUrl: root,
    paths: tsconfig.compilerOptions.paths,
  },
  module: { type: 'commonjs' },
});
