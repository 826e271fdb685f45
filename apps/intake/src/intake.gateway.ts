import { ReferralAccepted, ReferralDeclined, ReferralReceived, ReferralWaitlisted } from '@wijkteam/contracts';
import { canonical, defineGateway, toPublic, utc } from '@wijkteam/messaging';

/**
 * What leaves intake: one translation per public event. ReferralReceived leaves without the
 * client's name and birth date (sealed at rest, never on the bus); nothing else of the store does.
 */
export const intakeGateway = defineGateway('intake', {
  routes: {
    ReferralReceived: toPublic(ReferralReceived, ({ data }) => ({
      referralId: canonical(data.referralId),
      clientId: canonical(data.clientId),
      channel: data.channel,
      route: data.route,
      etmIndication: data.etmIndication,
      intellectualDisability: data.intellectualDisability,
      receivedAt: utc(data.receivedAt),
    })),
    ReferralAccepted: toPublic(ReferralAccepted, ({ data }) => ({
      referralId: canonical(data.referralId),
      clientId: canonical(data.clientId),
      caseFileId: canonical(data.caseFileId),
      route: data.route,
      decidedAt: utc(data.decidedAt),
    })),
    ReferralDeclined: toPublic(ReferralDeclined, ({ data }) => ({
      referralId: canonical(data.referralId),
      reason: data.reason,
      redirect: data.redirect,
      decidedAt: utc(data.decidedAt),
    })),
    ReferralWaitlisted: toPublic(ReferralWaitlisted, ({ data }) => ({
      referralId: canonical(data.referralId),
      priority: data.priority,
      decidedAt: utc(data.decidedAt),
    })),
  },
});
