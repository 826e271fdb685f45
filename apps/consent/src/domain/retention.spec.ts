import { dueForDestruction, evolveRetention, initialRetentionState, type RetentionEvent } from './retention';

const alice = '0193a5b2-7c1e-7000-8000-00000000c001';
const bob = '0193a5b2-7c1e-7000-8000-00000000c002';
const closed = (clientId: string, caseFileId: string, closedAt: string): RetentionEvent => ({ type: 'CaseFileClosed', data: { clientId, caseFileId, closedAt } });
const given = (events: RetentionEvent[]) => events.reduce(evolveRetention, initialRetentionState());

describe('retention clock (given closures, when the clock reads, then these files are due)', () => {
  it('lists a client 20 years after care ended, not a day before', () => {
    const state = given([closed(alice, 'f1', '2006-05-31T12:00:00.000Z')]);
    expect(dueForDestruction(state, new Date('2026-05-31T11:59:59.999Z'))).toEqual([]);
    expect(dueForDestruction(state, new Date('2026-05-31T12:00:00.000Z'))).toEqual([
      { clientId: alice, caseFileIds: ['f1'], careEndedAt: '2006-05-31T12:00:00.000Z', destroyAfter: '2026-05-31T12:00:00.000Z' },
    ]);
  });

  it('counts from the latest closure of all the client\'s files, and waits while one is open', () => {
    const state = given([closed(alice, 'f1', '2001-01-01T00:00:00.000Z'), closed(alice, 'f2', '2005-01-01T00:00:00.000Z')]);
    expect(dueForDestruction(state, new Date('2024-06-01T00:00:00.000Z'))).toEqual([]);
    expect(dueForDestruction(state, new Date('2025-01-01T00:00:00.000Z'))).toHaveLength(1);
    const reopened = evolveRetention(state, { type: 'CaseFileReopened', data: { clientId: alice, caseFileId: 'f2', reopenedAt: '2006-01-01T00:00:00.000Z' } });
    expect(dueForDestruction(reopened, new Date('2030-01-01T00:00:00.000Z'))).toEqual([]);
  });

  it('uses a configured term and lists oldest first, leaving out erased clients', () => {
    const state = given([closed(bob, 'f9', '2010-02-01T00:00:00.000Z'), closed(alice, 'f1', '2008-02-29T00:00:00.000Z')]);
    expect(dueForDestruction(state, new Date('2025-03-01T00:00:00.000Z'), { retentionYears: 15 }).map((due) => [due.clientId, due.destroyAfter])).toEqual([
      [alice, '2023-02-28T00:00:00.000Z'],
      [bob, '2025-02-01T00:00:00.000Z'],
    ]);
    const erased = evolveRetention(state, { type: 'SubjectKeyDestroyed', data: { subjectId: alice } });
    expect(dueForDestruction(erased, new Date('2040-01-01T00:00:00.000Z')).map((due) => due.clientId)).toEqual([bob]);
    expect(() => dueForDestruction(state, new Date('2025-03-01T00:00:00.000Z'), { retentionYears: 0 })).toThrow();
  });
});
