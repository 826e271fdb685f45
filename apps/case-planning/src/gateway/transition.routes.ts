import {
  OtherProvidersStatusRecorded,
  TransitionQuestionRecorded,
  WarmHandoverCompleted,
  WarmHandoverConversationHeld,
  WarmHandoverProposed,
  WarmHandoverRefused,
} from '@wijkteam/contracts';
import { canonical, type GatewayRoute, toPublic, utc } from '@wijkteam/messaging';

type Provider = { party: string; status: string };

/** The 18-/18+ transition's public events (seed 004): ids, codes, dates and flags; never a birth date. */
export const transitionRoutes: Record<string, GatewayRoute> = {
  TransitionQuestionRecorded: toPublic(TransitionQuestionRecorded, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    clientId: canonical(data.clientId),
    helpMustContinue: data.helpMustContinue,
    continuation: data.continuation,
    askedOn: data.askedOn,
    beforeEighteenthBirthday: data.beforeEighteenthBirthday,
    recordedBy: data.recordedBy,
    recordedAt: utc(data.recordedAt),
  })),
  OtherProvidersStatusRecorded: toPublic(OtherProvidersStatusRecorded, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    clientId: canonical(data.clientId),
    providers: (data.providers as Provider[]).map(({ party, status }) => ({ party, status })),
    none: data.none,
    recordedBy: data.recordedBy,
    recordedAt: utc(data.recordedAt),
  })),
  WarmHandoverProposed: toPublic(WarmHandoverProposed, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    clientId: canonical(data.clientId),
    adultTeamColleagueId: data.adultTeamColleagueId,
    dataCategories: data.dataCategories,
    decisionId: canonical(data.decisionId),
    consentId: data.consentId === null ? null : canonical(data.consentId),
    proposedBy: data.proposedBy,
    proposedAt: utc(data.proposedAt),
  })),
  WarmHandoverRefused: toPublic(WarmHandoverRefused, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    clientId: canonical(data.clientId),
    stage: data.stage,
    denialReason: data.denialReason,
    decisionId: canonical(data.decisionId),
    refusedAt: utc(data.refusedAt),
  })),
  WarmHandoverConversationHeld: toPublic(WarmHandoverConversationHeld, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    clientId: canonical(data.clientId),
    heldOn: data.heldOn,
    youthCoachId: data.youthCoachId,
    adultTeamColleagueId: data.adultTeamColleagueId,
    recordedAt: utc(data.recordedAt),
  })),
  WarmHandoverCompleted: toPublic(WarmHandoverCompleted, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    clientId: canonical(data.clientId),
    adultTeamColleagueId: data.adultTeamColleagueId,
    dataCategories: data.dataCategories,
    decisionId: canonical(data.decisionId),
    consentId: data.consentId === null ? null : canonical(data.consentId),
    completedBy: data.completedBy,
    completedAt: utc(data.completedAt),
  })),
};
