import { Injectable } from '@nestjs/common';
import { DomainError } from '@wijkteam/contracts';
import { ServiceClients, ServiceRequestFailed } from '@wijkteam/messaging';
import { type CommandContext, onBehalfOfUser } from '@wijkteam/runtime';

export interface EtmRequest {
  caseFileId: string;
  clientId: string;
  score: number;
  secondAssessorId: string;
}

/** The safety service's answer to `safety.assess-etm`: its EtmAssessed was appended. */
export interface EtmAssessment {
  assessmentId: string;
  score: number;
  safetyPlanRequired: boolean;
}

/** Safety's refusals of an assessment, and where they point in case planning's command. */
const REFUSALS: Record<string, string> = {
  four_eyes_required: 'etm.secondAssessorId',
  second_professional_unknown: 'etm.secondAssessorId',
  etm_out_of_range: 'etm.score',
  invalid_input: 'etm',
};

/**
 * Records an ETM through the safety service (seed 000: "intake met gebruik van ZRM en ETM"): the
 * rules of an assessment (four eyes, ETM 5's safety plan) are safety's, so case planning asks
 * instead of copying them. A refusal becomes a 422 naming the field; safety unreachable: 503.
 */
@Injectable()
export class EtmThroughSafety {
  constructor(private readonly clients: ServiceClients) {}

  async assess(request: EtmRequest, context: CommandContext): Promise<EtmAssessment> {
    try {
      return await this.clients.get('safety').request<EtmAssessment>('safety.assess-etm', {
        ...onBehalfOfUser(context),
        request,
      });
    } catch (error) {
      if (error instanceof ServiceRequestFailed && REFUSALS[error.remoteCode]) throw new DomainError(error.remoteCode, 'unprocessable', REFUSALS[error.remoteCode]);
      throw error;
    }
  }
}
