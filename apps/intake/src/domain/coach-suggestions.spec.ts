import { ageAt, type CoachCandidate, needsOf, suggestCoaches } from './coach-suggestions';

const teamId = 'wijkteam-noord';
const coach = (userId: string, overrides: Partial<CoachCandidate> = {}): CoachCandidate => ({
  userId, teamId, kind: 'jeugdteam', expertise: [], capacity: 10, caseload: 0, ...overrides,
});
const order = (candidates: CoachCandidate[], needs: Parameters<typeof suggestCoaches>[1] = ['lvb', 'opvoeding']) =>
  suggestCoaches(teamId, needs, candidates).map((s) => s.userId);

describe('coach suggestions: ranking (seed 002)', () => {
  it('ranks by expertise matched first, whatever the room', () => {
    expect(order([coach('a', { expertise: ['lvb'], capacity: 20 }), coach('b', { expertise: ['lvb', 'opvoeding'], capacity: 1 }), coach('c', { capacity: 30 })])).toEqual(['b', 'a', 'c']);
  });

  it('then by free capacity (capacity − caseload)', () => {
    expect(order([coach('a', { expertise: ['lvb'], capacity: 10, caseload: 8 }), coach('b', { expertise: ['opvoeding'], capacity: 6, caseload: 1 })])).toEqual(['b', 'a']);
  });

  it('puts a full coach after every coach with room, even with the best match', () => {
    const ranked = order([
      coach('expert', { expertise: ['lvb', 'opvoeding'], capacity: 5, caseload: 5 }),
      coach('over', { expertise: ['lvb', 'opvoeding'], capacity: 5, caseload: 7 }),
      coach('novice', { capacity: 10, caseload: 9 }),
      coach('zero', { expertise: ['lvb'], capacity: 0 }),
    ]);
    // Among the full, the same order again: matched expertise, then the least over capacity.
    expect(ranked).toEqual(['novice', 'expert', 'over', 'zero']);
  });

  it('breaks ties by user id', () => {
    expect(order([coach('c'), coach('a'), coach('b')])).toEqual(['a', 'b', 'c']);
  });

  it('suggests active Jeugdteam members of the referral team only', () => {
    expect(order([coach('adult', { kind: 'volwassenenteam', expertise: ['lvb'] }), coach('zuid', { teamId: 'wijkteam-zuid', expertise: ['lvb'] }), coach('noord')])).toEqual(['noord']);
  });

  it('reports matched expertise in the order of the needs, caseload, capacity, free capacity and score', () => {
    expect(suggestCoaches(teamId, ['opvoeding', 'lvb', 'ggz'], [coach('a', { expertise: ['lvb', 'ggz', 'school'], capacity: 4, caseload: 6 })])).toEqual([
      { userId: 'a', matchedExpertise: ['lvb', 'ggz'], caseload: 6, capacity: 4, freeCapacity: -2, score: 2 },
    ]);
  });
});

describe('coach suggestions: needs of a referral', () => {
  const today = '2026-03-02';
  const child = (birthDate: string | null) => ({ clientId: birthDate ?? 'unknown', person: birthDate === null ? null : { name: 'x', birthDate, bsn: null } });

  it('are its themes', () => {
    expect(needsOf({ themes: ['opvoeding', 'school'], intellectualDisability: false, children: [child('2016-04-01')] }, today)).toEqual(['opvoeding', 'school']);
  });

  it('add lvb for an intellectual disability, once', () => {
    expect(needsOf({ themes: ['lvb'], intellectualDisability: true, children: [] }, today)).toEqual(['lvb']);
    expect(needsOf({ themes: [], intellectualDisability: true, children: [] }, today)).toEqual(['lvb']);
  });

  it('add jonge_kinderen for a child under 4 today (and an expected child), jongvolwassenen for one of 18 or over', () => {
    expect(needsOf({ themes: [], children: [child('2022-03-03')] }, today)).toEqual(['jonge_kinderen']);
    expect(needsOf({ themes: [], children: [child('2022-03-02')] }, today)).toEqual([]);
    expect(needsOf({ themes: [], children: [child('2026-08-01')] }, today)).toEqual(['jonge_kinderen']);
    expect(needsOf({ themes: [], children: [child('2008-03-02')] }, today)).toEqual(['jongvolwassenen']);
    expect(needsOf({ themes: [], children: [child('2008-03-03')] }, today)).toEqual([]);
    expect(needsOf({ themes: ['ggz'], children: [child('2024-01-01'), child('2005-01-01')] }, today)).toEqual(['ggz', 'jonge_kinderen', 'jongvolwassenen']);
  });

  it('take nothing from a child whose person is not readable (erased or not recorded)', () => {
    expect(needsOf({ themes: [], children: [child(null), { clientId: 'e', person: { $erased: true } as never }] }, today)).toEqual([]);
  });

  it('read the client of a referral of before issue 13', () => {
    expect(needsOf({ themes: [], client: { name: 'x', birthDate: '2024-01-01', bsn: null } }, today)).toEqual(['jonge_kinderen']);
  });

  it('count full years', () => {
    expect(ageAt('2016-02-29', '2026-02-28')).toBe(9);
    expect(ageAt('2016-02-29', '2026-03-01')).toBe(10);
  });
});
