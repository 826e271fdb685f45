import { findPersonalData, isBsnShaped } from './personal-data-scan';

describe('findPersonalData', () => {
  const known = ['Fleur van Dijk', '2012-03-14'];

  it('flags known names case-insensitively and birth dates in Dutch notations', () => {
    expect(findPersonalData('{"msg":"loaded file of FLEUR VAN DIJK"}', known)).toEqual(['known value: Fleur van Dijk']);
    expect(findPersonalData('born 14-03-2012', known)).toEqual(['known value: 14-03-2012']);
    expect(findPersonalData('dob=20120314', known)).toEqual(['known value: 20120314']);
  });

  it('flags BSN-shaped numbers (eleven test) but not other 9-digit numbers or UUIDs', () => {
    expect(isBsnShaped('111222333')).toBe(true);
    expect(isBsnShaped('123456782')).toBe(true);
    expect(isBsnShaped('123456789')).toBe(false);
    expect(findPersonalData('subject jeugd.intake.ReferralReceived bsn 123456782', [])).toEqual(['BSN-shaped number: 123456782']);
    expect(findPersonalData('took 123456789 ns; id 0193a5b2-7c1e-7000-8000-111222333000', [])).toEqual([]);
    expect(findPersonalData('1234567820', [])).toEqual([]);
  });

  it('finds nothing in clean logs', () => {
    expect(findPersonalData('{"level":30,"stream":"client-0193a5b2-7c1e-7000-8000-00000000c001","code":"key_store_unavailable"}', known)).toEqual([]);
  });
});
