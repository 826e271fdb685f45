import { momentOf } from './reporting-reads';

describe('momentOf: the moment a reporting list answers for', () => {
  const now = new Date('2026-03-10T09:00:00.000Z');
  const code = (asOf: unknown) => {
    try {
      momentOf(asOf, now);
      return 'accepted';
    } catch (error) {
      return `${(error as { httpStatus: number }).httpStatus} ${(error as { code: string }).code} ${(error as { field: string }).field}`;
    }
  };

  it('is now without asOf; a date-time with a zone as its UTC instant; an earlier date the end of that UTC day; today the present', () => {
    expect(momentOf(undefined, now)).toBe('2026-03-10T09:00:00.000Z');
    expect(momentOf('2026-03-01T12:00Z', now)).toBe('2026-03-01T12:00:00.000Z');
    expect(momentOf('2026-03-01T12:00:00+01:00', now)).toBe('2026-03-01T11:00:00.000Z');
    expect(momentOf('2026-03-01', now)).toBe('2026-03-01T23:59:59.999Z');
    expect(momentOf('2026-03-10', now)).toBe('2026-03-10T09:00:00.000Z');
  });

  it('refuses a moment after now, and anything that is not one, with 400 naming asOf', () => {
    expect(code('2026-03-10T09:00:00.001Z')).toBe('400 as_of_in_future asOf');
    expect(code('2026-03-11')).toBe('400 as_of_in_future asOf');
    for (const bad of ['yesterday', '2026-02-30', '2026-02-30T10:00:00Z', '2026-03-01T12:00:00', '1741000000', ['2026-03-01', '2026-03-02']]) expect(code(bad)).toBe('400 invalid_as_of asOf');
  });
});
