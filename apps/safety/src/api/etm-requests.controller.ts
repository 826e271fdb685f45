import { Controller, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Payload } from '@nestjs/microservices';
import { ServiceMessagePattern } from '@wijkteam/messaging';
import { Clock, IdGenerator, IsCanonicalId, ServiceRequestEnvelope, UserRequests } from '@wijkteam/runtime';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsInt, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { ETM_REASONS, type EtmReason } from '../domain/safety-assessment';
import { SafetySettings } from '../safety.settings';
import { Professionals } from '../application/professionals';
import { SafetyAssessments } from '../application/safety-assessments';

/** The assessment asked for; the range and the four eyes are the decider's rules, not checked here. */
class AssessEtmDto {
  @IsCanonicalId()
  caseFileId!: string;

  @IsCanonicalId()
  clientId!: string;

  @IsInt()
  score!: number;

  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,64}$/)
  secondAssessorId!: string;

  /**
   * Optional here: case planning's first visit records the score alone. Left out, the assessment
   * has no reasons (as one recorded before reasons existed), not `other`: that would state a
   * concern nobody named, and `other` asks for an explanation in words.
   */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ETM_REASONS.length)
  @IsIn(ETM_REASONS, { each: true })
  reasons?: EtmReason[];
}

/** `safety.assess-etm` over NATS: the assessor is the actor who asks. */
export class AssessEtmRequest extends ServiceRequestEnvelope {
  @IsDefined()
  @ValidateNested()
  @Type(() => AssessEtmDto)
  request!: AssessEtmDto;
}

export interface EtmAssessedReply {
  assessmentId: string;
  score: number;
  safetyPlanRequired: boolean;
}

/**
 * Another service records an ETM through safety (case planning at the first visit, seed 000 "intake
 * met gebruik van ZRM en ETM"): the same command and rules as the HTTP edge, so four eyes and ETM 5's
 * safety plan hold whichever way the score comes in, and the second assessor is a real colleague
 * of the coach's team. A refusal travels back as the DomainError's code.
 */
@Controller()
export class EtmRequestsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly professionals: Professionals,
    @Inject(SafetySettings.token) private readonly settings: SafetySettings,
    private readonly requests: UserRequests,
  ) {}

  @ServiceMessagePattern('safety', 'safety.assess-etm')
  async assess(@Payload() payload: unknown): Promise<EtmAssessedReply> {
    const { request, context } = await this.requests.accept(AssessEtmRequest, payload);
    const { actor } = context;
    // Case planning asks for a file it holds, on behalf of a coach of that file's team (it checked both).
    await this.professionals.assertSecond({ teamId: actor.organisation }, actor.userId, request.secondAssessorId, 'secondAssessorId');
    const assessmentId = this.ids.next();
    const result = await this.commands.execute(
      new SafetyAssessments.Command(
        request.caseFileId,
        {
          type: 'RecordEtmAssessment',
          data: {
            caseFileId: request.caseFileId,
            clientId: request.clientId,
            assessmentId,
            score: request.score,
            reasons: request.reasons ?? [],
            explanation: null,
            assessorId: actor.userId,
            secondAssessorId: request.secondAssessorId,
            assessedAt: this.clock.now().toISOString(),
            safetyPlanDays: this.settings.SAFETY_PLAN_DAYS,
          },
        },
        context,
      ),
    );
    return { assessmentId, score: request.score, safetyPlanRequired: result.state.safetyPlanRequired };
  }
}
