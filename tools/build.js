#!/usr/bin/env node
// Compiles apps/*/src, libs/*/src and bench/ to dist/ with SWC (decorator metadata on, workspace
// aliases rewritten to relative paths). Type-checking is `npm run typecheck`; this only emits.
const swc = require('@swc/core');
const fs = require('node:fs');
const path = require('node:path');
const options = require('./swc-options')(true);

const root = path.join(__dirname, '..');
const out = path.join(root, 'dist');

/**
 * @param {string} dir
 * @returns {Generator<string>}
 */
function* sources(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) yield full;
  }
}

const roots = [];
for (const group of ['apps', 'libs']) {
  const base = path.join(root, group);
  if (!fs.existsSync(base)) continue;
  for (const project of fs.readdirSync(base)) roots.push(path.join(base, project, 'src'));
}
roots.push(path.join(root, 'bench'));

let count = 0;
for (const dir of roots) {
  for (const file of sources(dir)) {
    const { code, map } = swc.transformFileSync(file, options);
    const target = path.join(out, path.relative(root, file)).replace(/\.ts$/, '.js');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map`);
    if (map) fs.writeFileSync(`${target}.map`, map);
    count += 1;
  }
}
if (!process.argv.includes('--quiet')) console.log(`build: ${count} files compiled to dist/`);
