import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { DomainError } from '@wijkteam/contracts';
import { ProjectionHost } from '@wijkteam/projections';
import { eighteenthBirthdayOf } from '../domain/eighteenth-birthday';
import type { Person, ReferralState } from '../domain/referral';
import { referralsOfClients } from '../projections/client-referrals.projection';
import { Referrals } from './referrals';

export interface EighteenthBirthday {
  clientId: string;
  eighteenOn: string;
}

const birthDateOf = (person: Person | { $erased: true } | null | undefined): string | null =>
  person && typeof (person as Person).birthDate === 'string' ? (person as Person).birthDate : null;

/** A referral the index names but the store lacks is no answer; a key store that is down is a 503, never "erased". */
function notFoundAsNull(error: unknown): null {
  if (error instanceof DomainError && error.kind === 'not_found') return null;
  throw error;
}

/** The person a referral names under this client id (the sealed fields open through intake's codec). */
function personIn(state: ReferralState, clientId: string): Person | null | undefined {
  if (state.clientId === clientId && state.client) return state.client;
  return state.children?.find((c) => c.clientId === clientId)?.person ?? state.familyMembers?.find((m) => m.clientId === clientId)?.person;
}

/**
 * The 18th birthdays of clients, for case planning's 18-/18+ list (seed 004). Intake holds the birth
 * dates, sealed per client; it answers with the day of the 18th birthday only, never the birth date.
 * A client whose key was destroyed (erased) reads `{ $erased: true }` and is simply left out, as is
 * a client intake never saw. Each referral is read once, however many of its family are asked about.
 */
@Injectable()
export class EighteenthBirthdays {
  constructor(
    private readonly queries: QueryBus,
    private readonly projections: ProjectionHost,
  ) {}

  async of(clientIds: readonly string[]): Promise<EighteenthBirthday[]> {
    const referrals = await referralsOfClients(this.projections.db.manager, clientIds);
    const states = new Map<string, Promise<ReferralState | null>>();
    const load = (referralId: string) => {
      if (!states.has(referralId)) states.set(referralId, this.queries.execute(new Referrals.Query(referralId)).then(({ state }) => state, notFoundAsNull));
      return states.get(referralId) as Promise<ReferralState | null>;
    };
    const answers: EighteenthBirthday[] = [];
    for (const clientId of clientIds) {
      // The newest referral that holds the client's birth date.
      for (const referralId of referrals.get(clientId) ?? []) {
        const state = await load(referralId);
        const birthDate = state ? birthDateOf(personIn(state, clientId)) : null;
        const eighteenOn = birthDate ? eighteenthBirthdayOf(birthDate) : null;
        if (eighteenOn) {
          answers.push({ clientId, eighteenOn });
          break;
        }
      }
    }
    return answers;
  }
}
