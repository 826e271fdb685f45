import { createEventStore, type EventStore } from '@wijkteam/event-store';
import { ProjectionHost } from '@wijkteam/projections';
import { SafetyDecisions } from '../application/safety-decisions';
import { recordSafetyDecision, SafetyDecisionRows, safetyDecisionsProjection } from './safety-decisions.projection';

const silent = { log: () => undefined, error: () => undefined, warn: () => undefined };
const decisionId = '0190a000-0000-7000-8000-0000000000d1';
const row = { decisionId, clientId: '0190a000-0000-7000-8000-00000000c001', caseFileId: '0190a000-0000-7000-8000-0000000000f1', outcome: 'both', decidedAt: '2026-05-05T09:00:00.000Z' };

describe('consent_safety_decisions read model (bus-fed from safety)', () => {
  let store: EventStore;
  let host: ProjectionHost;
  let decisions: SafetyDecisions;

  beforeEach(async () => {
    store = createEventStore('sqlite::memory:');
    host = await ProjectionHost.open({ service: 'consent', url: 'sqlite::memory:', store, projections: [safetyDecisionsProjection], logger: silent });
    await host.start();
    decisions = new SafetyDecisions(host);
  });

  afterEach(async () => {
    await host.stop();
    await store.close();
  });

  const deliver = (eventId: string, data = row) => host.applyOnce(safetyDecisionsProjection.name, eventId, (tx) => recordSafetyDecision(tx, data));

  it('given a MeldcodeDecisionTaken, then the decision is known by its id with client, file, outcome and date', async () => {
    expect(await decisions.find(decisionId)).toBeNull();
    expect(await deliver('0190a000-0001-7000-8000-000000000001')).toBe(true);
    expect(await decisions.find(decisionId)).toEqual(row);
    expect(await decisions.find(decisionId.toUpperCase())).toEqual(row);
    expect([...(await decisions.findAll([decisionId, '0190a000-0000-7000-8000-0000000000d9'])).keys()]).toEqual([decisionId]);
  });

  it('when it is delivered again, or another event names the same decision, then it changes nothing', async () => {
    await deliver('0190a000-0001-7000-8000-000000000001');
    expect(await deliver('0190a000-0001-7000-8000-000000000001')).toBe(false);
    await deliver('0190a000-0002-7000-8000-000000000002', { ...row, outcome: 'no_further_action' });
    expect(await host.db.manager.count(SafetyDecisionRows)).toBe(1);
    expect((await decisions.find(decisionId))?.outcome).toBe('both');
  });
});
