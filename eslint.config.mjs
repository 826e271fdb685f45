// ESLint with the TypeScript rules, for every project (each project's `lint` target runs `eslint .`).
//
// Architecture rules (libs/testing/src/architecture-lint.spec.ts proves each one reports):
// - domain (apps/*/src/domain): pure deciders. No Nest, no I/O module (Node built-ins, drivers, the store,
//   the bus), no clock (`Date.now()`, `new Date()`, `Date()`): time and ids arrive in the command.
//   Of the libs it may use only contracts (and testing, in its specs); of its own app only the domain.
// - a lib (libs/*) never imports an app.
// - a service app never imports another service app; only apps/platform, the all-in-one composition,
//   may import the services.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

const services = ['intake', 'case-planning', 'safety', 'consent', 'reporting'];
const ioModules = [
  ...builtinModules.filter((name) => !name.startsWith('_')),
  'better-sqlite3',
  'sqlite3',
  'typeorm',
  'nats',
  'pg',
  '@eventstore/db-client',
  'express',
  'pino',
  'nestjs-pino',
  '@wijkteam/event-store',
  '@wijkteam/messaging',
  '@wijkteam/runtime',
];
const appParts = { anyOf: ['app', 'domain'] };

export default tseslint.config(
  // JavaScript is generated or config, except the workspace scripts in tools/.
  { ignores: ['**/dist/**', '**/node_modules/**', '**/data/**', '**/reports/**', '**/*.js', '!tools/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['tools/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { __dirname: 'readonly', __filename: 'readonly', process: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.js', '.json'], preserveSymlinks: false } },
      'boundaries/legacy-templates': false,
      'boundaries/elements': [
        { type: 'domain', pattern: 'apps/*/src/domain', capture: ['app'], partialMatch: false },
        { type: 'app', pattern: 'apps/*', capture: ['app'], partialMatch: false },
        { type: 'lib', pattern: 'libs/*', capture: ['lib'], partialMatch: false },
      ],
      'boundaries/files': [{ category: 'test', pattern: ['**/*.spec.ts', '**/test/**'] }],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            {
              from: { element: { type: 'lib' } },
              disallow: { to: { element: { types: appParts } } },
              message: 'a lib never imports an app',
            },
            ...services.map((app) => ({
              from: { element: { types: appParts, captured: { app } } },
              disallow: { to: { element: { types: appParts, captured: { app: `!${app}` } } } },
              message: 'a service never imports another service; only apps/platform composes them',
            })),
            {
              from: { element: { type: 'domain' } },
              disallow: { to: { element: { type: 'app' } } },
              message: 'the domain imports nothing of its app outside domain/',
            },
            {
              from: { element: { type: 'domain' } },
              disallow: { to: { element: { type: 'lib', captured: { lib: '!contracts' } } } },
              message: 'the domain uses no lib but contracts (and testing, in its specs)',
            },
            {
              from: { element: { type: 'domain' }, file: { categories: 'test' } },
              allow: { to: { element: { type: 'lib', captured: { lib: 'testing' } } } },
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ioModules.map((name) => ({ name, message: 'the domain is pure: no I/O' })),
          patterns: [
            { group: ['@nestjs/*'], message: 'the domain is pure: no Nest' },
            { group: ['node:*'], message: 'the domain is pure: no Node built-ins' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'the domain reads no clock: pass the time in',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'the domain reads no clock: pass the time in',
        },
        { selector: "CallExpression[callee.name='Date']", message: 'the domain reads no clock: pass the time in' },
      ],
    },
  },
);
