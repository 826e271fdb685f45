#!/usr/bin/env node
// `npm test`: lint, type-check and every Jest suite of every project through Nx, then one closing line
// "Tests: N passed, N failed, N skipped" summed over all projects.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const reports = path.join(root, 'reports', 'jest');
fs.rmSync(reports, { recursive: true, force: true });

const extra = process.argv.slice(2);
const nx = spawnSync(
  process.execPath,
  [require.resolve('nx/bin/nx.js'), 'run-many', '-t', 'lint', 'typecheck', 'test', '--outputStyle=stream', ...extra],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false' } },
);

let passed = 0;
let failed = 0;
let skipped = 0;
let suitesFailed = 0;
const projects = ['apps', 'libs'].flatMap((group) => {
  const dir = path.join(reports, group);
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => path.join(dir, f)) : [];
});
for (const file of projects) {
  const counts = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
  suitesFailed += counts.suitesFailed;
  console.log(`  ${counts.project}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
}
// A suite that fails to load counts no test, so count it as a failure here.
failed += suitesFailed;
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
const code = nx.status !== 0 ? nx.status || 1 : failed > 0 || passed === 0 ? 1 : 0;
process.exit(code);
