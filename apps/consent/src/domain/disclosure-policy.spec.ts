import { evaluateDisclosure, type DisclosureRequest, type SafetyDecision } from './disclosure-policy';

/** issue 15: the ground `child_safety_meldcode` is a real decision of safety, about the same client, that acts. */
describe('disclosure policy: the Meldcode ground', () => {
  const clientId = '0193a5b2-7c1e-7000-8000-00000000c001';
  const otherClient = '0193a5b2-7c1e-7000-8000-00000000c002';
  const safetyDecisionId = '0193a5b2-7c1e-7000-8000-0000000000d1';
  const at = '2026-05-05T10:00:00.000Z';
  const request: DisclosureRequest = {
    clientId,
    recipient: { organisation: 'veilig-thuis', role: null },
    purpose: 'information_exchange',
    dataCategories: ['safety_concerns'],
    legalGround: { ground: 'child_safety_meldcode', safetyDecisionId },
  };
  const decision = (overrides: Partial<SafetyDecision> = {}): SafetyDecision => ({
    decisionId: safetyDecisionId,
    clientId,
    caseFileId: '0193a5b2-7c1e-7000-8000-00000000f001',
    outcome: 'report_to_veilig_thuis',
    decidedAt: '2026-05-05T09:00:00.000Z',
    ...overrides,
  });
  const basis = { kind: 'legal_ground', consentId: null, legalGround: 'child_safety_meldcode', safetyDecisionId };

  it.each(['report_to_veilig_thuis', 'organise_help', 'both'])('permits on a known decision of this client that acts (%s), naming it', (outcome) => {
    expect(evaluateDisclosure(request, [], at, decision({ outcome }))).toEqual({ outcome: 'permit', basis });
  });

  it.each<[string, SafetyDecision | null]>([
    ['a made-up id (no decision known)', null],
    ["another client's decision", decision({ clientId: otherClient })],
    ['a decision of no further action', decision({ outcome: 'no_further_action' })],
    ['a decision under another id', decision({ decisionId: '0193a5b2-7c1e-7000-8000-0000000000d2' })],
  ])('denies with legal_ground_not_applicable on %s', (_name, known) => {
    expect(evaluateDisclosure(request, [], at, known)).toEqual({ outcome: 'deny', reason: 'legal_ground_not_applicable' });
  });
});
