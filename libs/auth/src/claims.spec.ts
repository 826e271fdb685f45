import { claimsOf, userFromClaims } from './claims';
import { TokenRejected } from './token-rejected';

const claims = { sub: 'u-7f3a', roles: ['coach', 'auditor'], org: 'wijkteam-noord', team: 'jeugdteam' };

describe('claims', () => {
  it('maps sub, roles, org and team to the user', () => {
    expect(userFromClaims(claims)).toEqual({
      userId: 'u-7f3a',
      roles: ['coach', 'auditor'],
      organisation: 'wijkteam-noord',
      team: 'jeugdteam',
    });
  });

  it('drops unknown and repeated roles', () => {
    expect(userFromClaims({ ...claims, roles: ['coach', 'uma_authorization', 'coach', 7] }).roles).toEqual(['coach']);
  });

  it.each([
    ['sub', { ...claims, sub: '' }],
    ['sub', { ...claims, sub: 'x'.repeat(256) }],
    ['org', { ...claims, org: undefined }],
    ['team', { ...claims, team: 'Jeugdteam' }],
    ['roles', { ...claims, roles: 'coach' }],
  ])('refuses a bad %s without echoing it', (_claim, payload) => {
    let caught: unknown;
    try {
      userFromClaims(payload);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TokenRejected);
    expect((caught as TokenRejected).message).toBe('invalid token claims');
  });

  it('round-trips through the claims a token carries', () => {
    const user = userFromClaims(claims);
    expect(userFromClaims({ sub: user.userId, ...claimsOf(user) })).toEqual(user);
  });
});
