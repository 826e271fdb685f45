import { tokenTimeRefusal } from './token-times';

const now = 1_800_000_000;
const rules = { clockToleranceSeconds: 60, maxTokenLifetimeSeconds: 10 * 60 * 60 };
const hours = (n: number) => n * 60 * 60;

describe('token time rules', () => {
  it.each([
    ['an hour-long token issued now', { iat: now, exp: now + hours(1) }],
    ['a token issued within the clock skew ahead of us', { iat: now + 60, exp: now + hours(1) }],
    ['a token valid for exactly the maximum lifetime', { iat: now - hours(2), exp: now + hours(8) }],
    ['a token without iat expiring within the maximum from now', { exp: now + hours(10) }],
  ])('accept %s', (_what, payload) => {
    expect(tokenTimeRefusal(payload, now, rules)).toBeUndefined();
  });

  it.each([
    ['issued beyond the clock skew ahead of us', { iat: now + 61, exp: now + hours(1) }, 'token issued in the future'],
    ['issued a day ahead, however short its life', { iat: now + hours(24), exp: now + hours(24) + 60 }, 'token issued in the future'],
    ['without exp', { iat: now }, 'token without expiry'],
    ['valid for a second more than the maximum', { iat: now, exp: now + hours(10) + 1 }, 'token lifetime too long'],
    ['issued long ago, though it expires soon', { iat: now - hours(11), exp: now + 60 }, 'token lifetime too long'],
    ['without iat, expiring beyond the maximum from now', { exp: now + hours(10) + 1 }, 'token lifetime too long'],
  ])('refuse a token %s', (_what, payload, reason) => {
    expect(tokenTimeRefusal(payload, now, rules)).toBe(reason);
  });

  it('apply the configured limits, not the defaults', () => {
    const strict = { clockToleranceSeconds: 0, maxTokenLifetimeSeconds: 300 };
    expect(tokenTimeRefusal({ iat: now + 1, exp: now + 60 }, now, strict)).toBe('token issued in the future');
    expect(tokenTimeRefusal({ iat: now, exp: now + 301 }, now, strict)).toBe('token lifetime too long');
  });
});
