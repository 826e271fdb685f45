import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROLES, TEAMS } from '@wijkteam/auth';
import { configSchema, loadConfig } from '@wijkteam/runtime';

/** docs/identity-provider.md is what a municipality configures its provider by: it must say what the code does. */
const doc = fs.readFileSync(path.join(__dirname, '../../../docs/identity-provider.md'), 'utf8');
const section = (heading: string) => doc.split(`## ${heading}\n`)[1].split('\n## ')[0];
const rows = (text: string) => [...text.matchAll(/^\| `([^`]+)` \| ([^|]+) \|/gm)].map(([, name, cell]) => [name, cell.trim()] as const);

describe('docs/identity-provider.md', () => {
  const settings = rows(section('Settings'));
  const defaults = loadConfig({ AUTH_MODE: 'development', NODE_ENV: 'test' }) as Record<string, unknown>;

  it('names the settings the configuration has', () => {
    expect(settings.map(([name]) => name)).toEqual(['OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_JWKS_URL', 'AUTH_CLOCK_SKEW_SECONDS', 'AUTH_MAX_TOKEN_LIFETIME_SECONDS']);
    for (const [name] of settings) expect(Object.keys(configSchema.innerType().shape)).toContain(name);
  });

  it.each(rows(section('Settings')))('gives the default of %s as the code has it', (name, cell) => {
    const documented = cell.startsWith('–') ? undefined : /^\d+/.test(cell) ? Number(/^\d+/.exec(cell)?.[0]) : /^`([^`]+)`/.exec(cell)?.[1];
    expect(defaults[name]).toBe(documented);
  });

  it("lists the platform's roles and teams, spelled as the code spells them", () => {
    expect(rows(section('What a token must carry').split('Roles (')[1]).map(([name]) => name)).toEqual([...ROLES]);
    for (const team of TEAMS) expect(section('What a token must carry')).toContain(`\`${team}\``);
  });

  it("gives a Keycloak realm whose mappers produce the claims, and a sample token within the limits", () => {
    const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map(([, json]) => JSON.parse(json) as Record<string, unknown>);
    const realm = blocks.find((block) => 'realm' in block) as { roles: { realm: { name: string }[] }; clientScopes: { protocolMappers: { config: Record<string, string> }[] }[] };
    expect(realm.roles.realm.map((role) => role.name)).toEqual([...ROLES]);
    const claims = realm.clientScopes.flatMap((scope) => scope.protocolMappers.map((mapper) => mapper.config['claim.name'] ?? mapper.config['included.custom.audience']));
    expect(claims).toEqual(['wijkteam', 'roles', 'org', 'team']);
    const token = blocks.find((block) => 'sub' in block) as { iat: number; exp: number; aud: string[] };
    expect(token.aud).toContain(defaults.OIDC_AUDIENCE);
    expect(token.exp - token.iat).toBeLessThanOrEqual(defaults.AUTH_MAX_TOKEN_LIFETIME_SECONDS as number);
  });
});
