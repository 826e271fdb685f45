import { isUuid } from './ids';

describe('isUuid', () => {
  it('accepts UUIDs of any version and case', () => {
    expect(isUuid('0193a5b2-7c1e-7000-8000-00000000f001')).toBe(true);
    expect(isUuid(crypto.randomUUID().toUpperCase())).toBe(true);
  });

  it('refuses anything else', () => {
    for (const value of [undefined, null, 42, '', 'client-1', '0193a5b2-7c1e-7000-8000-00000000f00', ' 0193a5b2-7c1e-7000-8000-00000000f001']) expect(isUuid(value)).toBe(false);
  });
});
