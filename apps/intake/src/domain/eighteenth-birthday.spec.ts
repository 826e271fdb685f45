import { eighteenthBirthdayOf } from './eighteenth-birthday';

describe('eighteenthBirthdayOf', () => {
  it('is the same day 18 years on', () => {
    expect(eighteenthBirthdayOf('2009-08-14')).toBe('2027-08-14');
  });

  // 18 is no multiple of 4: the 18th birthday of a 29 February child never falls in a leap year.
  it('born on 29 February: 1 March', () => {
    expect(eighteenthBirthdayOf('2008-02-29')).toBe('2026-03-01');
    expect(eighteenthBirthdayOf('2010-02-28')).toBe('2028-02-28');
    expect(eighteenthBirthdayOf('2012-02-29')).toBe('2030-03-01');
  });

  it('no date, no birthday', () => {
    expect(eighteenthBirthdayOf('14-08-2009')).toBeNull();
  });
});
