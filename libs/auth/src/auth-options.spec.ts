import { InvalidAuthOptions, validateAuthOptions, type AuthOptions } from './auth-options';

const oidc: AuthOptions = {
  mode: 'oidc',
  issuer: 'https://login.gemeente.example/realms/wijkteam',
  audience: 'wijkteam-api',
  jwksUrl: 'https://login.gemeente.example/realms/wijkteam/protocol/openid-connect/certs',
};

describe('auth options', () => {
  it('accepts a complete oidc configuration and defaults the clock tolerance and token lifetime', () => {
    expect(validateAuthOptions(oidc)).toEqual({ ...oidc, clockToleranceSeconds: 60, maxTokenLifetimeSeconds: 36_000 });
  });

  it.each([
    [{ ...oidc, mode: 'dev' }, "mode must be 'development' or 'oidc'"],
    [{ ...oidc, mode: undefined }, "mode must be 'development' or 'oidc'"],
    [{ ...oidc, issuer: ' ' }, 'issuer must be a non-empty string'],
    [{ ...oidc, audience: undefined }, 'audience must be a non-empty string'],
    [{ ...oidc, jwksUrl: undefined }, 'jwksUrl (required in oidc mode) must be a non-empty string'],
    [{ ...oidc, jwksUrl: '/certs' }, 'jwksUrl must be an absolute URL'],
    [{ ...oidc, jwksUrl: 'file:///etc/jwks.json' }, 'jwksUrl must be an http(s) URL'],
    [{ ...oidc, clockToleranceSeconds: -1 }, 'clockToleranceSeconds must be an integer from 0 to 300'],
    [{ ...oidc, clockToleranceSeconds: 3600 }, 'clockToleranceSeconds must be an integer from 0 to 300'],
    [{ ...oidc, maxTokenLifetimeSeconds: 59 }, 'maxTokenLifetimeSeconds must be an integer from 60 to 86400'],
    [{ ...oidc, maxTokenLifetimeSeconds: 7 * 24 * 3600 }, 'maxTokenLifetimeSeconds must be an integer from 60 to 86400'],
  ])('refuses %j: %s', (options, problem) => {
    expect(() => validateAuthOptions(options as AuthOptions)).toThrow(new InvalidAuthOptions(problem));
  });

  it('needs no jwksUrl in development mode', () => {
    expect(validateAuthOptions({ mode: 'development', issuer: 'urn:x', audience: 'y' }).mode).toBe('development');
  });
});
