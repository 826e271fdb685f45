import { ForbiddenException, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AccessLog } from '@wijkteam/audit';
import type { AuthenticatedUser } from '@wijkteam/auth';
import { ADULT_TEAM_RECIPIENT, DomainError } from '@wijkteam/contracts';
import type { CommandContext } from '@wijkteam/runtime';
import type { TransitionState, WarmHandover } from '../domain/transition';
import { CaseFiles } from './case-files';
import { ConsentPermits } from './consent-permits';
import { WARM_HANDOVER_PURPOSE } from './transition-handling';
import { Transitions } from './transitions';

/** One data category of the handover's consent, as it stands at this read. */
export interface CategoryCover {
  category: string;
  covered: boolean;
  /** The consent service's decision of this read (recorded there as DisclosureDecided). */
  decisionId: string;
  denialReason: string | null;
}

export interface AdultTeamHandover {
  handover: Required<Pick<WarmHandover, 'adultTeamColleagueId' | 'dataCategories' | 'completedAt'>>;
  transition: TransitionState['youths'][string];
  categories: CategoryCover[];
}

const notHandedOver = () =>
  new ForbiddenException({ statusCode: 403, error: 'Forbidden', code: 'not_handed_over', message: 'no completed warm handover of this client to you' });

/**
 * What an adult-team professional may see of a youth file (seed 004: the adult team is not SKJ and
 * never acts on youth files; a warm handover with consent releases what the consent covers). Only
 * after WarmHandoverCompleted for the client, only for the colleague it was handed to; otherwise 403
 * `not_handed_over`, the refusal recorded in the client's access log first (as TeamFileAccess does).
 * Each category of the handover is asked of the consent service at every read, so a withdrawal
 * closes it at once. The parts shown per category are the caller's (handover-view.ts), so more
 * parts of the file can be added there.
 */
@Injectable()
export class AdultTeamAccess {
  constructor(
    private readonly queries: QueryBus,
    private readonly permits: ConsentPermits,
    private readonly log: AccessLog,
  ) {}

  async coveredCategories(user: AuthenticatedUser, caseFileId: string, clientId: string, context: CommandContext): Promise<AdultTeamHandover> {
    const { state: file } = await this.queries.execute(new CaseFiles.Query(caseFileId));
    if (!(file.childIds ?? []).includes(clientId)) throw new DomainError('client_not_on_case_file', 'not_found');
    const { state } = await this.queries.execute(new Transitions.Current(caseFileId));
    const transition = state.youths[clientId];
    const handover = transition?.handover;
    if (!user.roles.includes('adult-team') || handover?.status !== 'completed' || handover.adultTeamColleagueId !== user.userId || !handover.dataCategories || !handover.completedAt) {
      await this.log.recordRefusal({ clientId, part: 'transition', userId: user.userId, role: user.roles[0], organisation: user.organisation, reason: 'not_handed_over', correlationId: context.correlationId });
      throw notHandedOver();
    }
    const { dataCategories, completedAt } = handover;
    const categories = await Promise.all(
      dataCategories.map(async (category): Promise<CategoryCover> => {
        const decision = await this.permits.decide({ clientId, purpose: WARM_HANDOVER_PURPOSE, recipient: { organisation: ADULT_TEAM_RECIPIENT }, dataCategories: [category] }, context);
        return { category, covered: decision.outcome === 'permit', decisionId: decision.decisionId, denialReason: decision.outcome === 'deny' ? decision.denialReason : null };
      }),
    );
    return { handover: { adultTeamColleagueId: user.userId, dataCategories, completedAt }, transition, categories };
  }
}
