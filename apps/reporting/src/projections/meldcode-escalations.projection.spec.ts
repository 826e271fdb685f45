import type { PublicEvent } from '@wijkteam/contracts';
import type { ProjectionHost } from '@wijkteam/projections';
import type { EntityManager } from 'typeorm';
import { busProjectionSpec, eventId } from '../../test/bus-projection-spec';
import type { IntakeEighteenthMonths } from '../application/intake-eighteenth-months';
import { SafetyLists } from '../application/safety-lists';
import { meldcodeEscalationsProjection, recordMeldcodeEscalationFile, recordSafetyFact } from './meldcode-escalations.projection';

const id = (n: number) => `0193a5b2-7c1e-7000-8000-0000000000b${n}`;
const opened = (n: number, teamId: string | null) => ({
  type: 'CaseFileOpened',
  data: { caseFileId: id(n), clientId: id(n), referralId: id(n), teamId, route: 'jgz', childIds: [id(n)], familyMemberIds: [], openedAt: '2026-01-05T09:00:00.000Z' },
});
const step = (n: number, trajectory: number, number: number, completedAt: string) => ({
  type: 'MeldcodeStepCompleted',
  data: { caseFileId: id(n), trajectoryId: id(trajectory), step: number, completedBy: 'coach-1', completedByRole: 'coach', secondProfessionalId: null, secondProfessionalRole: null, completedAt },
});
const decided = (n: number, trajectory: number, decidedAt: string) => ({
  type: 'MeldcodeDecisionTaken',
  data: {
    caseFileId: id(n), clientId: id(n), trajectoryId: id(trajectory), decisionId: id(9), outcome: 'organise_help',
    decidedBy: 'coach-1', decidedByRole: 'coach', secondProfessionalId: 'coach-2', secondProfessionalRole: 'coach', decidedAt,
  },
});
const escalation = (n: number, escalationNumber: number) => ({
  caseFileId: id(n), clientId: id(n), escalationId: id(escalationNumber), target: 'gosa', reason: 'stagnation', receivingParty: 'gosa-west', movesCaseDirection: true,
});
const raised = (n: number, e: number, raisedAt: string) => ({
  type: 'EscalationRaised',
  data: { ...escalation(n, e), raisedBy: 'coach-1', raisedByRole: 'coach', secondProfessionalId: 'coach-2', secondProfessionalRole: 'coach', raisedAt },
});
const resolved = (n: number, e: number, resolvedAt: string) => ({
  type: 'EscalationResolved',
  data: { ...escalation(n, e), outcome: 'accepted', resolvedBy: 'coach-1', resolvedByRole: 'coach', resolvedAt },
});

const spec = busProjectionSpec(meldcodeEscalationsProjection, (tx, event) =>
  event.type === 'CaseFileOpened' ? recordMeldcodeEscalationFile(tx, event as PublicEvent<never>) : recordSafetyFact(tx, event as PublicEvent<never>),
);
const lists = (db: EntityManager) => new SafetyLists({ db: { manager: db } } as unknown as ProjectionHost, {} as IntakeEighteenthMonths);
const meldcode = async (db: EntityManager, asOf: string, team: string | null = 'wijkteam-noord') => (await lists(db).meldcodeOpen({ team, asOf })).rows;
const escalations = async (db: EntityManager, asOf: string, team: string | null = 'wijkteam-noord') => (await lists(db).escalationsOpen({ team, asOf })).rows;

describe('reporting_meldcode_escalations read model (bus-fed)', () => {
  const trajectory = [
    step(1, 5, 1, '2026-02-01T10:00:00.000Z'),
    step(1, 5, 2, '2026-02-03T10:00:00.000Z'),
    step(1, 5, 3, '2026-02-05T10:00:00.000Z'),
  ];

  it('given a trajectory, then at each moment it is open at the last step completed by then, and closed from its decision', async () => {
    await spec
      .given([opened(1, 'wijkteam-noord'), ...trajectory])
      .when([step(1, 5, 4, '2026-02-07T10:00:00.000Z'), step(1, 5, 5, '2026-02-08T10:00:00.000Z'), decided(1, 5, '2026-02-08T10:00:00.000Z')])
      .then(async (db) => {
        expect(await meldcode(db, '2026-02-01T09:00:00.000Z')).toEqual([]);
        expect(await meldcode(db, '2026-02-04T00:00:00.000Z')).toEqual([
          { team: 'wijkteam-noord', caseFileId: id(1), clientId: id(1), trajectoryId: id(5), step: 2, stepCompletedAt: '2026-02-03T10:00:00.000Z', startedAt: '2026-02-01T10:00:00.000Z' },
        ]);
        expect((await meldcode(db, '2026-02-07T12:00:00.000Z')).map((row) => row.step)).toEqual([4]);
        expect(await meldcode(db, '2026-02-08T10:00:00.000Z')).toEqual([]);
      });
  });

  it('given trajectories of two teams, then a team sees its own and an auditor both; one of a file not yet known counts unattributed', async () => {
    await spec
      .given([opened(1, 'wijkteam-noord'), opened(2, 'wijkteam-zuid')])
      .when([step(1, 5, 1, '2026-02-01T10:00:00.000Z'), step(2, 6, 1, '2026-02-01T11:00:00.000Z'), step(3, 7, 1, '2026-02-01T12:00:00.000Z')])
      .then(async (db) => {
        expect((await meldcode(db, '2026-02-02T00:00:00.000Z')).map((row) => row.trajectoryId)).toEqual([id(5)]);
        expect((await meldcode(db, '2026-02-02T00:00:00.000Z', null)).map((row) => row.team)).toEqual(['wijkteam-noord', 'wijkteam-zuid', 'unattributed']);
      });
  });

  it('given a trajectory, when its steps and decision are delivered again, then it stays as it was', async () => {
    await spec
      .given([opened(1, 'wijkteam-noord'), ...trajectory, decided(1, 5, '2026-02-06T10:00:00.000Z')])
      .when([{ ...step(1, 5, 1, '2026-02-01T10:00:00.000Z'), id: eventId(2) }, { ...decided(1, 5, '2026-02-06T10:00:00.000Z'), id: eventId(5) }])
      .then(async (db) => {
        expect((await meldcode(db, '2026-02-05T12:00:00.000Z')).map((row) => [row.step, row.startedAt])).toEqual([[3, '2026-02-01T10:00:00.000Z']]);
        expect(await meldcode(db, '2026-02-07T00:00:00.000Z')).toEqual([]);
      });
  });

  it('given escalations, then each is open from its raising until its resolution', async () => {
    await spec
      .given([opened(1, 'wijkteam-noord'), raised(1, 5, '2026-02-01T10:00:00.000Z'), raised(1, 6, '2026-02-02T10:00:00.000Z')])
      .when([resolved(1, 5, '2026-02-10T10:00:00.000Z')])
      .then(async (db) => {
        expect(await escalations(db, '2026-02-01T09:00:00.000Z')).toEqual([]);
        expect(await escalations(db, '2026-02-01T10:00:00.000Z')).toEqual([
          { team: 'wijkteam-noord', caseFileId: id(1), clientId: id(1), escalationId: id(5), target: 'gosa', reason: 'stagnation', receivingParty: 'gosa-west', movesCaseDirection: true, raisedAt: '2026-02-01T10:00:00.000Z' },
        ]);
        expect((await escalations(db, '2026-02-09T00:00:00.000Z')).map((row) => row.escalationId)).toEqual([id(5), id(6)]);
        expect((await escalations(db, '2026-02-10T10:00:00.000Z')).map((row) => row.escalationId)).toEqual([id(6)]);
        expect(await escalations(db, '2026-02-09T00:00:00.000Z', 'wijkteam-zuid')).toEqual([]);
      });
  });

  it('given a resolved escalation, when its raising is delivered again, then it stays resolved', async () => {
    await spec
      .given([opened(1, 'wijkteam-noord'), raised(1, 5, '2026-02-01T10:00:00.000Z'), resolved(1, 5, '2026-02-10T10:00:00.000Z')])
      .when([{ ...raised(1, 5, '2026-02-01T10:00:00.000Z'), id: eventId(2) }])
      .then(async (db) => expect(await escalations(db, '2026-02-11T00:00:00.000Z')).toEqual([]));
  });
});
