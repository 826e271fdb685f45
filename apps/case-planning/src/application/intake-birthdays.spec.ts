import { ServiceClients, ServiceUnavailable } from '@wijkteam/messaging';
import type { CommandContext } from '@wijkteam/runtime';
import { IntakeBirthdays } from './intake-birthdays';

const context = { actor: { userId: 'coach-noord-1', role: 'coach', organisation: 'wijkteam-noord' }, correlationId: 'corr-12345678', token: 'a.user.token' } as CommandContext;
const id = (n: number) => `0190a000-0000-7000-8000-${n.toString().padStart(12, '0')}`;

class FakeIntake extends ServiceClients {
  readonly asked: { pattern: string; payload: { clientIds: string[] } }[] = [];
  down = false;
  get(service: string) {
    return {
      service,
      request: async <T>(pattern: string, payload: unknown): Promise<T> => {
        if (this.down) throw new ServiceUnavailable(service, 'no_responders');
        this.asked.push({ pattern, payload: payload as { clientIds: string[] } });
        return (payload as { clientIds: string[] }).clientIds.slice(0, 1).map((clientId) => ({ clientId, eighteenOn: '2027-03-15' })) as T;
      },
    };
  }
}

describe('IntakeBirthdays', () => {
  it('asks intake in requests of at most 1000 ids, each client once', async () => {
    const intake = new FakeIntake();
    const ids = Array.from({ length: 1500 }, (_, n) => id(n));
    const found = await new IntakeBirthdays(intake).eighteenOn([...ids, id(0)], context);
    expect(intake.asked.map((a) => [a.pattern, a.payload.clientIds.length])).toEqual([['intake.eighteenth-birthdays', 1000], ['intake.eighteenth-birthdays', 500]]);
    expect([...found.keys()]).toEqual([id(0), id(1000)]);
  });

  it('intake down: the caller gets ServiceUnavailable (503)', async () => {
    const intake = new FakeIntake();
    intake.down = true;
    await expect(new IntakeBirthdays(intake).eighteenOn([id(1)], context)).rejects.toMatchObject({ httpStatus: 503 });
  });
});
