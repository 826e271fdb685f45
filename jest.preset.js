// Shared Jest settings for every project: SWC transform with decorator metadata (Nest DI needs it),
// workspace path aliases resolved to sources, and a JSON report per project for the CI summary line.
const path = require('node:path');

const root = __dirname;

/** @param {string} projectDir absolute path of the project */
module.exports = function preset(projectDir, overrides = {}) {
  // apps/<name> or libs/<name>: the key of the project's report file (Nx caches it as an output)
  const project = path.relative(root, projectDir);
  return {
    rootDir: projectDir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: {
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            target: 'es2022',
          },
          module: { type: 'commonjs' },
        },
      ],
    },
    moduleNameMapper: {
      '^@wijkteam/(intake|case-planning|safety|consent|reporting)$': `${root}/apps/$1/src/index.ts`,
      '^@wijkteam/(.*)$': `${root}/libs/$1/src/index.ts`,
    },
    moduleFileExtensions: ['ts', 'js', 'json'],
    testTimeout: 30000,
    passWithNoTests: true,
    reporters: ['default', [path.join(root, 'tools/jest-json-reporter.js'), { project }]],
    ...overrides,
  };
};
