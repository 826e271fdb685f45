import { type Decider, type DomainEvent, DomainError, fold } from '@wijkteam/contracts';

/**
 * given/when/then for deciders:
 *   spec.given([referralReceived]).when(acceptReferral).then([referralAccepted]);
 *   spec.given([]).when(acceptReferral).thenRejects('referral_not_found');
 */
export function deciderSpec<Command, Event extends DomainEvent, State>(decider: Decider<Command, Event, State>) {
  return {
    given(history: Event[]) {
      return {
        when(command: Command) {
          const run = () => decider.decide(command, fold(decider, history));
          return {
            then(expected: Event[]): void {
              expect(run()).toEqual(expected);
            },
            thenRejects(code: string, field?: string): void {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              expect(caught).toBeInstanceOf(DomainError);
              expect((caught as DomainError).code).toBe(code);
              if (field !== undefined) expect((caught as DomainError).field).toBe(field);
            },
          };
        },
      };
    },
  };
}
