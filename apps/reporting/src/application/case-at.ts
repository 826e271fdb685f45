import { Injectable } from '@nestjs/common';
import { DomainError } from '@wijkteam/contracts';
import { ServiceClients } from '@wijkteam/messaging';
import { type CaseFileHistoryReply, type CaseFileRef, type CaseHistory, caseHistoryPattern, type UserRequestEnvelope } from '@wijkteam/runtime';

/** Asked after case planning, with the ids of its answer: the referral (intake), the file (safety), its clients (consent). */
const SERVICES_BY_CASE_FILE = ['intake', 'safety', 'consent'] as const;

export type CaseService = 'case-planning' | (typeof SERVICES_BY_CASE_FILE)[number];

/** One service's part of the case at the moment: its streams' states and the events that led there. */
export interface CaseServicePart extends Omit<CaseHistory, 'asOf'> {
  service: CaseService;
}

/** A client of the case file, by id only: the child referred and the others of the family. */
export interface CaseClient {
  clientId: string;
  relation: 'child' | 'family_member';
}

/** One case file as it was at `asOf`, every service's part of it (issue 16, for the auditor). */
export interface CaseAtView {
  caseFileId: string;
  asOf: string;
  referralId: string;
  teamId: string | null;
  /** Whose file the auditor read: every client of the case file, each recorded in the access log. */
  clients: CaseClient[];
  services: CaseServicePart[];
}

/** Who asks (the auditor's own token), passed on in every request. */
export type Asking = UserRequestEnvelope;

/**
 * The auditor's case at a moment, from the services that hold it, by request/reply over the bus
 * (`<service>.case-history`): case planning first, which knows the case file and so the referral,
 * the family and the team; then intake, safety and consent at once with those ids. Each answers
 * from its own store. A service that does not answer fails the read (503): a case with a part
 * silently missing would look complete.
 */
@Injectable()
export class CaseAt {
  constructor(private readonly clients: ServiceClients) {}

  /** The case file as case planning holds it now, or null when there is none. */
  async caseFileOf(caseFileId: string, asking: Asking): Promise<CaseFileRef | null> {
    return (await this.askCasePlanning(caseFileId, new Date(), asking)).caseFile;
  }

  async of(caseFileId: string, asOf: Date, asking: Asking): Promise<CaseAtView> {
    const planning = await this.askCasePlanning(caseFileId, asOf, asking);
    if (!planning.caseFile) throw new DomainError('case_file_not_found', 'not_found', 'caseFileId');
    const { caseFile } = planning;
    const others = await Promise.all(
      SERVICES_BY_CASE_FILE.map(async (service) => {
        const { streams, events } = await this.clients.get(service).request<CaseHistory>(caseHistoryPattern(service), { ...asking, caseFile, asOf: asOf.toISOString() });
        return { service, streams, events };
      }),
    );
    const { streams, events } = planning.history;
    return {
      caseFileId,
      asOf: asOf.toISOString(),
      referralId: caseFile.referralId,
      teamId: caseFile.teamId,
      clients: clientsOf(caseFile),
      services: [{ service: 'case-planning', streams, events }, ...others],
    };
  }

  private askCasePlanning(caseFileId: string, asOf: Date, asking: Asking): Promise<CaseFileHistoryReply> {
    return this.clients.get('case-planning').request<CaseFileHistoryReply>(caseHistoryPattern('case-planning'), { ...asking, caseFileId, asOf: asOf.toISOString() });
  }
}

/** Every client of the case file once: the children first (the referred child among them), then the family members. */
export function clientsOf(caseFile: CaseFileRef): CaseClient[] {
  const children = [...new Set([caseFile.clientId, ...caseFile.childIds])];
  const others = caseFile.familyMemberIds.filter((id) => !children.includes(id));
  return [...children.map((clientId) => ({ clientId, relation: 'child' as const })), ...[...new Set(others)].map((clientId) => ({ clientId, relation: 'family_member' as const }))];
}
