import { type GivenEvent, projectionSpec } from '@wijkteam/testing';
import type { EntityManager } from 'typeorm';
import { meldcodeStream } from '../domain/meldcode';
import { meldcodeWorklistProjection, openMeldcodeTrajectories } from './meldcode-worklist.projection';

const spec = projectionSpec(meldcodeWorklistProjection);
const file = (n: number) => `0193a5b2-7c1e-7000-8000-0000000000f${n}`;
const client = (n: number) => `0193a5b2-7c1e-7000-8000-0000000000c${n}`;
const trajectory = (n: number) => `0193a5b2-7c1e-7000-8000-0000000000a${n}`;
const paging = { page: 1, pageSize: 50 };
const by = { completedBy: 'coach-noord-1', completedByRole: 'coach', completedAt: '2026-05-04T10:00:00.000Z' };

const event = (n: number, type: string, data: Record<string, unknown> = {}): GivenEvent => ({ streamName: meldcodeStream(file(n)), type, data: { caseFileId: file(n), trajectoryId: trajectory(n), ...data } });
const started = (n: number, startedAt = `2026-05-0${n}T10:00:00.000Z`, teamId: string | null = 'wijkteam-noord') =>
  event(n, 'MeldcodeTrajectoryStarted', { clientId: client(n), teamId, startedBy: 'coach-noord-1', startedByRole: 'coach', startedAt });
const signals = (n: number) => event(n, 'MeldcodeSignalsMapped', { ...by, clientId: client(n), signals: ['neglect'] });
const consulted = (n: number) => event(n, 'MeldcodeColleagueConsulted', { ...by, consultedId: 'coach-noord-2', veiligThuisAdvice: false, veiligThuisAdviceOn: null });
const talked = (n: number) => event(n, 'MeldcodeClientTalkRecorded', { ...by, heldOn: null, withClientIds: [], notHeldReason: 'unsafe_to_talk' });
const weighed = (n: number) => event(n, 'MeldcodeWeighed', { recordedBy: 'coach-noord-1', recordedByRole: 'coach', recordedAt: by.completedAt, answers: {}, afwegingskaderVersion: 'x' });
const confirmed = (n: number, step: number) => event(n, 'MeldcodeStepConfirmed', { ...by, step, secondProfessionalId: 'coach-noord-2', secondProfessionalRole: 'coach' });
const proposed = (n: number) => event(n, 'MeldcodeDecisionProposed', { recordedBy: 'coach-noord-1', recordedByRole: 'coach', recordedAt: by.completedAt, decisionId: trajectory(9), outcome: 'both' });
const decided = (n: number) => event(n, 'MeldcodeDecisionTaken', { clientId: client(n), decisionId: trajectory(9), outcome: 'both' });
const steps = async (db: EntityManager, teamId = 'wijkteam-noord') => (await openMeldcodeTrajectories(db, teamId, paging)).items.map((item) => [item.caseFileId, item.currentStep, item.awaitingConfirmation]);

describe('Meldcode worklist projection', () => {
  it('lists a started trajectory at step 1, with its child and dates', async () => {
    await spec
      .given([])
      .when([started(1)])
      .then(async (db) =>
        expect(await openMeldcodeTrajectories(db, 'wijkteam-noord', paging)).toEqual({
          items: [{ caseFileId: file(1), clientId: client(1), trajectoryId: trajectory(1), currentStep: 1, awaitingConfirmation: false, startedAt: '2026-05-01T10:00:00.000Z', changedAt: expect.any(String) }],
          page: 1,
          pageSize: 50,
          total: 1,
        }),
      );
  });

  it('follows the steps; a step awaiting its second professional stays the current step until confirmed', async () => {
    await spec.given([started(1)]).when([signals(1), consulted(1), talked(1)]).then(async (db) => expect(await steps(db)).toEqual([[file(1), 4, false]]));
    await spec.given([started(1), signals(1), consulted(1), talked(1)]).when([weighed(1)]).then(async (db) => expect(await steps(db)).toEqual([[file(1), 4, true]]));
    await spec.given([started(1), signals(1), consulted(1), talked(1), weighed(1)]).when([confirmed(1, 4), proposed(1)]).then(async (db) => expect(await steps(db)).toEqual([[file(1), 5, true]]));
  });

  it('leaves out a trajectory once decided', async () => {
    await spec
      .given([started(1), signals(1), consulted(1), talked(1), weighed(1), confirmed(1, 4), proposed(1)])
      .when([confirmed(1, 5), decided(1)])
      .then(async (db) => expect(await steps(db)).toEqual([]));
  });

  it("shows one team's trajectories only, the longest running first, paged", async () => {
    await spec
      .given([started(3), started(1), started(2, '2026-05-02T10:00:00.000Z', 'wijkteam-zuid')])
      .when([started(4, '2026-04-30T10:00:00.000Z')])
      .then(async (db) => {
        expect((await steps(db)).map(([caseFileId]) => caseFileId)).toEqual([file(4), file(1), file(3)]);
        expect((await steps(db, 'wijkteam-zuid')).map(([caseFileId]) => caseFileId)).toEqual([file(2)]);
        const second = await openMeldcodeTrajectories(db, 'wijkteam-noord', { page: 2, pageSize: 2 });
        expect({ ids: second.items.map((item) => item.caseFileId), total: second.total }).toEqual({ ids: [file(3)], total: 3 });
      });
  });
});
