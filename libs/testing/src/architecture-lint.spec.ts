import { execFileSync } from 'node:child_process';
import path from 'node:path';

// The architecture rules of eslint.config.mjs, run through ESLint's Node API on snippets placed where they would
// live. ESLint loads its flat config with a dynamic import(), which Jest's VM refuses, so the API runs in a child
// Node process: one for all snippets.
const repoRoot = path.resolve(__dirname, '../../..');
const lintInChild = `
const { ESLint } = require('eslint');
const snippets = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const eslint = new ESLint({ cwd: process.cwd() });
Promise.all(snippets.map(async ([filePath, code]) => (await eslint.lintText(code, { filePath }))[0].messages))
  .then((results) => process.stdout.write(JSON.stringify(results)));
`;

const snippets: Array<[filePath: string, code: string]> = [];
let results: Promise<Array<Array<{ ruleId: string | null; message: string }>>> | undefined;

// Registers a snippet at collection time; its rule ids are read once every snippet has been linted.
const reported = (filePath: string, code: string): (() => Promise<string[]>) => {
  const index = snippets.push([path.join(repoRoot, filePath), code]) - 1;
  return async () => {
    results ??= Promise.resolve(JSON.parse(execFileSync(process.execPath, ['-e', lintInChild], { cwd: repoRoot, input: JSON.stringify(snippets) }).toString()));
    return (await results)[index].map((message) => message.ruleId ?? message.message);
  };
};

const imports = (source: string, name: string): string => `import { ${name} } from '${source}';\nexport const used = ${name};\n`;

describe('architecture lint rules', () => {
  const nestInDomain = reported('apps/intake/src/domain/x.ts', imports('@nestjs/common', 'Injectable'));
  const ioInDomain = reported(
    'apps/consent/src/domain/x.ts',
    "import { readFileSync } from 'node:fs';\nimport Database from 'better-sqlite3';\nexport const io = [readFileSync, Database];\n",
  );
  const clockInDomain = reported(
    'apps/intake/src/domain/x.ts',
    'export const now = (): number => Date.now();\nexport const today = (): Date => new Date();\n',
  );
  const libInDomain = reported('apps/safety/src/domain/x.ts', imports('@wijkteam/auth', 'AuthModule'));
  const applicationInDomain = reported('apps/intake/src/domain/x.ts', imports('../intake.module', 'IntakeModule'));
  const appInLib = reported('libs/runtime/src/x.ts', imports('@wijkteam/consent', 'ConsentModule'));
  const serviceInService = reported('apps/intake/src/x.ts', imports('@wijkteam/consent', 'ConsentModule'));
  const serviceInServiceTest = reported('apps/intake/test/x.spec.ts', imports('@wijkteam/consent', 'ConsentModule'));
  const serviceInServiceByPath = reported(
    'apps/case-planning/src/x.ts',
    imports('../../safety/src/domain/safety-assessment', 'safetyDecider'),
  );
  const pureDomain = reported(
    'apps/intake/src/domain/x.ts',
    "import { referralDecider } from './referral';\nimport { DomainError } from '@wijkteam/contracts';\n" +
      "export const pure = [referralDecider, DomainError, new Date('2025-01-01T00:00:00.000Z')];\n",
  );
  const domainSpec = reported('apps/intake/src/domain/x.spec.ts', imports('@wijkteam/testing', 'deciderSpec'));
  const platform = reported('apps/platform/src/x.ts', imports('@wijkteam/consent', 'ConsentModule'));
  const platformTest = reported('apps/platform/test/x.spec.ts', imports('@wijkteam/consent', 'ConsentModule'));

  it('keeps Nest out of the domain', async () => {
    expect(await nestInDomain()).toEqual(['no-restricted-imports']);
  });

  it('keeps I/O modules out of the domain', async () => {
    expect(await ioInDomain()).toEqual(['no-restricted-imports', 'no-restricted-imports']);
  });

  it('keeps the clock out of the domain', async () => {
    expect(await clockInDomain()).toEqual(['no-restricted-syntax', 'no-restricted-syntax']);
  });

  it('lets the domain use contracts and no other lib', async () => {
    expect(await libInDomain()).toEqual(['boundaries/dependencies']);
  });

  it('keeps application code out of the domain', async () => {
    expect(await applicationInDomain()).toEqual(['boundaries/dependencies']);
  });

  it('forbids a lib to import an app', async () => {
    expect(await appInLib()).toEqual(['boundaries/dependencies']);
  });

  it('forbids a service, and its tests, to import another service, by package or by path', async () => {
    expect(await serviceInService()).toEqual(['boundaries/dependencies']);
    expect(await serviceInServiceTest()).toEqual(['boundaries/dependencies']);
    expect(await serviceInServiceByPath()).toEqual(['boundaries/dependencies']);
  });

  it('accepts a pure domain file, a domain spec using the testing lib, and the platform composing services', async () => {
    expect(await pureDomain()).toEqual([]);
    expect(await domainSpec()).toEqual([]);
    expect(await platform()).toEqual([]);
    expect(await platformTest()).toEqual([]);
  });
});
