/** A fictional child: personal data, sealed with the child's own key once received. */
export const TEST_CHILD = { name: 'Jan Test', birthDate: '2016-02-29' };

/**
 * The body of `POST /referrals` for a JGZ referral on which every condition of its route is met
 * (seed 000: ETM 3-5, warm handover, consent, not in care with GOSA/GI): acceptance needs nothing more.
 */
export function referralBody(overrides: Record<string, unknown> = {}, child: { name: string; birthDate: string; bsn?: string } = TEST_CHILD): Record<string, unknown> {
  return {
    channel: 'phone',
    route: 'jgz',
    children: [{ person: child }],
    referrer: { organisation: 'JGZ Noord', role: 'jeugdverpleegkundige', contact: 'Petra Verwijs, 06-11112222' },
    helpQuestion: 'Ouders vragen hulp bij de opvoeding.',
    etmIndication: 3,
    warmHandover: true,
    clientConsented: true,
    inCareWith: 'none',
    ...overrides,
  };
}
