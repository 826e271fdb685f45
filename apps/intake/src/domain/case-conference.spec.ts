import { conferenceDatesFrom, InvalidConferenceSchedule, nextConferenceDate, previousConferenceDate } from './case-conference';

// seed 000: Monday and Thursday, as IntakeSettings parses `mon,thu`.
const MON_THU = [1, 4];

describe('case-conference schedule', () => {
  it('by default (Mon+Thu), on a Tuesday the next conference is Thursday and the previous Monday', () => {
    // 2026-12-01 is a Tuesday
    expect(conferenceDatesFrom(MON_THU, '2026-12-01')).toEqual({ date: '2026-12-03', previousDate: '2026-11-30' });
  });

  it('on a conference day the conference is that day, and the previous one the last before it', () => {
    expect(nextConferenceDate(MON_THU, '2026-12-03')).toBe('2026-12-03');
    expect(conferenceDatesFrom(MON_THU, '2026-12-03')).toEqual({ date: '2026-12-03', previousDate: '2026-11-30' });
    expect(conferenceDatesFrom(MON_THU, '2026-11-30')).toEqual({ date: '2026-11-30', previousDate: '2026-11-26' });
  });

  it('over a weekend, the next conference is Monday and the previous Thursday', () => {
    expect(conferenceDatesFrom(MON_THU, '2026-12-05')).toEqual({ date: '2026-12-07', previousDate: '2026-12-03' });
    expect(previousConferenceDate(MON_THU, '2026-12-06')).toBe('2026-12-03');
  });

  it('the previous conference is strictly before the date, even on a conference day', () => {
    expect(previousConferenceDate(MON_THU, '2026-12-03')).toBe('2026-11-30');
  });

  it('with custom days (Wednesday only), a week apart, across a month and a year', () => {
    expect(conferenceDatesFrom([3], '2026-12-31')).toEqual({ date: '2027-01-06', previousDate: '2026-12-30' });
    expect(conferenceDatesFrom([3], '2026-12-30')).toEqual({ date: '2026-12-30', previousDate: '2026-12-23' });
  });

  it('with custom days including Sunday (0) and Saturday (6)', () => {
    // 2026-12-04 is a Friday
    expect(conferenceDatesFrom([0, 6], '2026-12-04')).toEqual({ date: '2026-12-05', previousDate: '2026-11-29' });
    expect(conferenceDatesFrom([0, 6], '2026-12-06')).toEqual({ date: '2026-12-06', previousDate: '2026-12-05' });
  });

  it('across a leap day', () => {
    // 2028-02-28 is a Monday, 2028-03-02 a Thursday
    expect(conferenceDatesFrom(MON_THU, '2028-02-29')).toEqual({ date: '2028-03-02', previousDate: '2028-02-28' });
  });

  it('refuses no days, a day out of range and a date that is no calendar day', () => {
    expect(() => nextConferenceDate([], '2026-12-01')).toThrow(InvalidConferenceSchedule);
    expect(() => nextConferenceDate([7], '2026-12-01')).toThrow(InvalidConferenceSchedule);
    expect(() => nextConferenceDate(MON_THU, '2026-02-30')).toThrow(InvalidConferenceSchedule);
    expect(() => previousConferenceDate(MON_THU, '1-12-2026')).toThrow(InvalidConferenceSchedule);
  });
});
