import { Injectable } from '@nestjs/common';
import { DomainError } from '@wijkteam/contracts';
import { ServiceClients } from '@wijkteam/messaging';
import { type CommandContext, onBehalfOfUser } from '@wijkteam/runtime';

/** What case planning asks the consent service before it shares anything (seed 000/004). */
export interface PermitRequest {
  clientId: string;
  purpose: string;
  recipient: { organisation?: string; role?: string };
  dataCategories: string[];
}

/** The consent service's decision (its DisclosureDecided): a permit with its basis, or a denial with the reason. */
export type PermitDecision =
  | { outcome: 'permit'; decisionId: string; basis: { kind: string; consentId: string | null } }
  | { outcome: 'deny'; decisionId: string; denialReason: string };

/**
 * Asks `consent.decide` at the moment of the contact or handover, never earlier, so a withdrawal
 * an hour ago counts. The consent service records every decision (DisclosureDecided), so the
 * client can later be told who asked for what, when and why; case planning records the decision
 * id with its own event. The coach's own token goes with the question: consent records the user it
 * verified, not one case planning names. Consent unreachable: the caller gets a 503 and nothing is appended.
 */
@Injectable()
export class ConsentPermits {
  constructor(private readonly clients: ServiceClients) {}

  async decide(request: PermitRequest, context: CommandContext): Promise<PermitDecision> {
    const reply = await this.clients.get('consent').request<{ decisionId: string; outcome: 'permit' | 'deny'; basis: { kind: string; consentId: string | null } | null; denialReason: string | null }>(
      'consent.decide',
      { ...onBehalfOfUser(context), request },
    );
    if (reply.outcome === 'permit' && reply.basis) return { outcome: 'permit', decisionId: reply.decisionId, basis: { kind: reply.basis.kind, consentId: reply.basis.consentId } };
    return { outcome: 'deny', decisionId: reply.decisionId, denialReason: reply.denialReason ?? 'no_consent' };
  }

  /** A permit, or a 422 naming the denial: for commands that must not happen without one. */
  async require(request: PermitRequest, context: CommandContext, field: string): Promise<Extract<PermitDecision, { outcome: 'permit' }>> {
    const decision = await this.decide(request, context);
    if (decision.outcome !== 'permit') throw new DomainError(`consent_required_${decision.denialReason}`, 'unprocessable', field);
    return decision;
  }
}
