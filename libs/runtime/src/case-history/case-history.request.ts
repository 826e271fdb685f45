import type { StreamOwner } from '@wijkteam/contracts';
import type { EventStore } from '@wijkteam/event-store';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsISO8601, IsString, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { IsCanonicalId } from '../canonical-id';
import { ServiceRequestEnvelope, type UserRequests } from '../service-request';
import { type CaseHistory, caseHistoryAt, type CaseStream } from './case-history';

/**
 * `case-planning.case-history`, `intake.case-history`, …: a service's part of one case file at a
 * moment, asked by reporting for the auditor (issue 16). Case planning is asked first: it holds the
 * case file, and so the ids by which the other services find their streams of it.
 */
export const caseHistoryPattern = (service: StreamOwner): string => `${service}.case-history`;

/** The case file as case planning holds it now: the ids by which every service finds its part. */
export interface CaseFileRef {
  caseFileId: string;
  referralId: string;
  teamId: string | null;
  /** The referred child. */
  clientId: string;
  childIds: string[];
  familyMemberIds: string[];
}

export class CaseFileRefDto implements CaseFileRef {
  @IsCanonicalId() caseFileId!: string;
  @IsCanonicalId() referralId!: string;

  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,64}$/)
  teamId!: string | null;

  @IsCanonicalId() clientId!: string;

  @IsArray()
  @ArrayMaxSize(100)
  @IsCanonicalId({ each: true })
  childIds!: string[];

  @IsArray()
  @ArrayMaxSize(100)
  @IsCanonicalId({ each: true })
  familyMemberIds!: string[];
}

/** To case planning: the case file by its id, and the moment. */
export class CaseFileHistoryRequest extends ServiceRequestEnvelope {
  @IsCanonicalId() caseFileId!: string;
  @IsISO8601({ strict: true }) asOf!: string;
}

/** To intake, safety and consent: the case file as case planning answered it, and the moment. */
export class CaseHistoryRequest extends ServiceRequestEnvelope {
  @IsDefined()
  @ValidateNested()
  @Type(() => CaseFileRefDto)
  caseFile!: CaseFileRefDto;

  @IsISO8601({ strict: true }) asOf!: string;
}

/** Case planning's answer: the case file as it is now and its part at the moment; `caseFile: null` when there is no such file. */
export type CaseFileHistoryReply = { caseFile: CaseFileRef; history: CaseHistory } | { caseFile: null; history: null };

/**
 * The one answer of intake, safety and consent to `<service>.case-history`: the request validated and
 * its user's token verified, then the service's own streams of the case file (`streamsOf`, each with the decider that folds it)
 * read from its own store up to the moment. Give it the store at rest (RAW_EVENT_STORE): personal
 * fields stay sealed.
 */
export async function answerCaseHistory(requests: UserRequests, store: EventStore, payload: unknown, streamsOf: (caseFile: CaseFileRef) => CaseStream[]): Promise<CaseHistory> {
  const { caseFile, asOf } = await requests.accept(CaseHistoryRequest, payload);
  return caseHistoryAt(store, streamsOf(caseFile), new Date(asOf));
}
