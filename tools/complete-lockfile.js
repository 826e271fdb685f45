#!/usr/bin/env node
// The npm registry mirror reachable here lacks some platform-specific optional binaries (e.g.
// @swc/core-darwin-arm64@1.16.22). `npm install` skips them and leaves them out of package-lock.json,
// after which `npm ci` refuses the lock file ("Missing: … from lock file"). This adds an entry for
// each missing optional dependency with the os/cpu/libc its name states, so that `npm ci` skips it on
// other platforms and installs it (from the public registry) on its own platform.
// Run after every `npm install`: `node tools/complete-lockfile.js`.
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'win32', 'linux', 'freebsd', 'android', 'openharmony', 'sunos', 'aix', 'netbsd', 'openbsd'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'wasm32'];

/** @param {string} name */
function platformOf(name) {
  const parts = (name.split('/').pop() ?? name).split('-');
  const os = OS.find((candidate) => parts.includes(candidate));
  const cpu = CPU.find((candidate) => parts.includes(candidate));
  const libc = parts.some((part) => part.startsWith('musl')) ? 'musl' : parts.some((part) => part.startsWith('gnu')) ? 'glibc' : undefined;
  return { os, cpu, libc };
}

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = location === '' ? '' : `${location}/`;
    const candidates = [`${base}node_modules/${name}`, `node_modules/${name}`];
    if (candidates.some((candidate) => packages[candidate])) continue;
    const { os, cpu, libc } = platformOf(name);
    if (!os) continue; // not a platform binary: leave it to npm
    packages[`node_modules/${name}`] = {
      version,
      optional: true,
      os: [os],
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(libc ? { libc: [libc] } : {}),
    };
    added += 1;
  }
}
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: ${added} platform-specific optional entries added`);
