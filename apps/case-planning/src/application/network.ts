import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { WrongExpectedVersion } from '@wijkteam/event-store';
import { type CommandContext, type CommandResult, deciderCommands, type Loaded } from '@wijkteam/runtime';
import type { CaseFileState } from '../domain/case-file';
import { assertContactable, type ContactDecision, type ContactRequest, type NetworkCaseFile, networkDecider, type NetworkEvent, type NetworkState, networkStream } from '../domain/network';
import { ConsentPermits } from './consent-permits';

/** Network-analysis commands and reads, on the buses: the one generic handler of the network decider. */
export const Networks = deciderCommands('Network', { decider: networkDecider, stream: networkStream });

/** The facts of the case file the network decider checks against. */
export const networkCaseFileOf = (caseFile: CaseFileState): NetworkCaseFile => ({
  status: caseFile.status,
  childIds: caseFile.childIds ?? [],
  familyMemberIds: caseFile.familyMemberIds ?? [],
  referredAt: caseFile.referredAt,
});

/** seed 000: the network analysis is a purpose of its own; consent names it. */
export const NETWORK_PURPOSE = 'network_analysis';

/**
 * A contact with a party of the network: the consent service decides at this moment (a consent
 * withdrawn an hour ago counts), the outcome is recorded either way. The contact's own rules and
 * If-Match are checked before consent is asked, so a request refused here leaves no decision there.
 */
@Injectable()
export class NetworkContacts {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly permits: ConsentPermits,
  ) {}

  async contact(request: ContactRequest, at: string, context: CommandContext, ifMatch: bigint | undefined): Promise<CommandResult<NetworkState, NetworkEvent> & { decision: ContactDecision }> {
    const current = await this.current(request.caseFileId);
    if (ifMatch !== undefined && ifMatch !== current.revision) throw new WrongExpectedVersion(ifMatch, current.revision ?? 'no_stream');
    const party = assertContactable(request, current.state);
    const permit = await this.permits.decide(
      { clientId: request.clientId, purpose: NETWORK_PURPOSE, recipient: { organisation: party.party }, dataCategories: request.dataCategories },
      context,
    );
    const decision: ContactDecision =
      permit.outcome === 'permit'
        ? { outcome: 'permit', decisionId: permit.decisionId, consentId: permit.basis.consentId }
        : { outcome: 'deny', decisionId: permit.decisionId, denialReason: permit.denialReason };
    const result = await this.commands.execute(
      new Networks.Command(request.caseFileId, { type: 'ContactNetworkParty', data: { ...request, decision, at } }, context, { ifMatch: current.revision }),
    );
    return { ...result, decision };
  }

  /** The network as it stands; a file without parties has none yet. */
  current(caseFileId: string): Promise<Loaded<NetworkState>> {
    return this.queries.execute(new Networks.Current(caseFileId));
  }
}
