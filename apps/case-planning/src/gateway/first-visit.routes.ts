import { FirstVisitHeld } from '@wijkteam/contracts';
import { canonical, type GatewayRoute, toPublic, utc } from '@wijkteam/messaging';

/** The first visit's public event: no ZRM scores, no family present, no decision on direction (the case file's). */
export const firstVisitRoutes: Record<string, GatewayRoute> = {
  FirstVisitHeld: toPublic(FirstVisitHeld, ({ data }) => {
    const coachIds = data.coachIds as string[];
    const explained = data.explained as { wayOfWorking: boolean; privacy: boolean; complaintsProcedure: boolean };
    const etm = data.etm as { assessmentId: string; score: number };
    return {
      caseFileId: canonical(data.caseFileId),
      coachIds,
      twoCoaches: coachIds.length === 2,
      atHome: data.atHome,
      location: data.location,
      explained: { wayOfWorking: explained.wayOfWorking, privacy: explained.privacy, complaintsProcedure: explained.complaintsProcedure },
      zrmScored: true,
      zrmVersion: data.zrmVersion,
      etmAssessmentId: canonical(etm.assessmentId),
      etmScore: etm.score,
      safetyAnalysisNeeded: data.safetyAnalysisNeeded,
      sisaSignalDiscussed: data.sisaSignalDiscussed,
      heldOn: data.heldOn,
      due: data.due,
      onTime: data.onTime,
      heldAt: utc(data.heldAt),
    };
  }),
};
