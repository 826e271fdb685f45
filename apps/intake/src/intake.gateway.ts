import { CoachesAssigned, ReferralAccepted, ReferralDeclined, ReferralReceived, ReferralRemovedFromWaitingList, ReferralWaitlisted } from '@wijkteam/contracts';
import { canonical, defineGateway, toPublic, utc } from '@wijkteam/messaging';

const teamOf = (data: Record<string, unknown>) => (typeof data.teamId === 'string' ? data.teamId : null);
const rulesVersionOf = (data: Record<string, unknown>) => (typeof data.rulesVersion === 'string' ? data.rulesVersion : null);

/**
 * What leaves intake: one translation per public event. The family leaves by opaque ids only: no
 * name, birth date, BSN, referrer, help question or theme (sealed at rest, never on the bus), and
 * no care-history finding, eligibility assessment or doubt, which stay intake's own. Stored events of
 * before issue 13 (no team, no family) leave as v2 with a null team and the one child.
 */
export const intakeGateway = defineGateway('intake', {
  routes: {
    ReferralReceived: toPublic(ReferralReceived, ({ data }) => ({
      referralId: canonical(data.referralId),
      clientId: canonical(data.clientId),
      teamId: teamOf(data),
      channel: data.channel,
      route: data.route,
      deEscalationFrom: data.deEscalationFrom ?? null,
      childIds: ((data.childIds as string[] | undefined) ?? [data.clientId as string]).map(canonical),
      familyMembers: ((data.familyMembers as { clientId: string; relation: string }[] | undefined) ?? []).map((m) => ({ clientId: canonical(m.clientId), relation: m.relation })),
      etmIndication: data.etmIndication,
      intellectualDisability: data.intellectualDisability,
      receivedAt: utc(data.receivedAt),
    })),
    ReferralAccepted: toPublic(ReferralAccepted, ({ data }) => ({
      referralId: canonical(data.referralId),
      clientId: canonical(data.clientId),
      caseFileId: canonical(data.caseFileId),
      teamId: teamOf(data),
      route: data.route,
      childIds: ((data.childIds as string[] | undefined) ?? [data.clientId as string]).map(canonical),
      familyMemberIds: ((data.familyMemberIds as string[] | undefined) ?? []).map(canonical),
      rulesVersion: rulesVersionOf(data),
      decidedAt: utc(data.decidedAt),
    })),
    ReferralDeclined: toPublic(ReferralDeclined, ({ data }) => ({
      referralId: canonical(data.referralId),
      teamId: teamOf(data),
      reason: data.reason,
      redirect: data.redirect,
      rulesVersion: rulesVersionOf(data),
      decidedAt: utc(data.decidedAt),
    })),
    ReferralWaitlisted: toPublic(ReferralWaitlisted, ({ data }) => ({
      referralId: canonical(data.referralId),
      teamId: teamOf(data),
      priority: data.priority,
      rulesVersion: rulesVersionOf(data),
      decidedAt: utc(data.decidedAt),
    })),
    ReferralRemovedFromWaitingList: toPublic(ReferralRemovedFromWaitingList, ({ data }) => ({
      referralId: canonical(data.referralId),
      teamId: teamOf(data),
      reason: data.reason,
      decidedAt: utc(data.decidedAt),
    })),
    CoachesAssigned: toPublic(CoachesAssigned, ({ data }) => ({
      referralId: canonical(data.referralId),
      clientId: canonical(data.clientId),
      teamId: teamOf(data),
      coachIds: data.coachIds,
      decidedBy: data.decidedBy,
      conferenceDate: data.conferenceDate,
      firstVisitDue: data.firstVisitDue,
      decidedAt: utc(data.decidedAt),
    })),
  },
});
