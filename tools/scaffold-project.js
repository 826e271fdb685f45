#!/usr/bin/env node
// Writes the per-project boilerplate (package.json with the Nx targets, tsconfig.json, jest.config.js)
// for apps/<name> or libs/<name>. Usage: node tools/scaffold-project.js libs/audit
const fs = require('node:fs');
const path = require('node:path');

const rel = process.argv[2];
if (!rel || !/^(apps|libs)\/[a-z-]+$/.test(rel)) throw new Error('usage: scaffold-project.js apps/<name>|libs/<name>');
const dir = path.join(__dirname, '..', rel);
const name = path.basename(rel);
fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
/**
 * @param {string} file
 * @param {string} content
 */
const write = (file, content) => {
  const target = path.join(dir, file);
  if (!fs.existsSync(target)) fs.writeFileSync(target, content);
};
write(
  'package.json',
  `${JSON.stringify(
    {
      name: `@wijkteam/${name}`,
      version: '0.1.0',
      private: true,
      main: 'src/index.ts',
      scripts: { lint: 'eslint .', typecheck: 'tsc -p tsconfig.json --noEmit', test: 'jest' },
    },
    null,
    2,
  )}\n`,
);
write(
  'tsconfig.json',
  `${JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src/**/*.ts', 'test/**/*.ts'] }, null, 2)}\n`,
);
write('jest.config.js', "module.exports = require('../../jest.preset.js')(__dirname);\n");
