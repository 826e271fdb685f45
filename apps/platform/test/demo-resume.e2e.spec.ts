import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { collect } from '@wijkteam/testing';
import request from 'supertest';
import { DemoDataSeeder } from '../src/demo-data';
import { bootPlatform, devAuthorization } from './support/service-apps';

const FAMILIES = ['jgz-accepted', 'veilig-thuis-urgent', 'self-referral-declined', 'network-waitlisted', 'gi-dwang-drang', 'school-on-agenda', 'turning-18-warm-handover', 'network-in-doubt'];

/**
 * The first start's demo seeding stopped half-way (the process killed while it ran): the next start
 * seeds what is missing, and the one after seeds nothing.
 */
describe('demo seeding, resumed after a stop', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-resume-'));
  const logged: { message: unknown; fields: Record<string, unknown> }[] = [];
  let app: INestApplication | undefined;

  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation((fields: unknown, message?: unknown) => {
      logged.push({ fields: fields as Record<string, unknown>, message });
    });
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const created = () => logged.filter(({ message }) => message === 'demo family created').map(({ fields }) => fields as { family: string; referralId: string; caseFileId?: string });

  it('stops half-way through a family: what was created stays, the progress says so', async () => {
    // The seeder's 25th command and every one after it fail, as if the process died there (the
    // services' own reactions go on: they are not the seeder's).
    const execute = CommandBus.prototype.execute;
    let commands = 0;
    const dying = jest.spyOn(CommandBus.prototype, 'execute').mockImplementation(function (this: CommandBus, command) {
      const seeding = (command as { context?: { purpose?: string } }).context?.purpose === 'demo-data';
      if (seeding) commands += 1;
      return seeding && commands >= 25 ? Promise.reject(new Error('process killed')) : execute.call(this, command);
    });
    app = await bootPlatform(dataDir, { DEMO_DATA: 'true' });
    await app.get(DemoDataSeeder).done;
    dying.mockRestore();
    await app.close();
    app = undefined;
    const done = created().map(({ family }) => family);
    expect(done.length).toBeGreaterThan(0);
    expect(done.length).toBeLessThan(FAMILIES.length);
    const progress = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-seeding.json'), 'utf8'));
    expect(progress).toEqual({ team: true, families: done, finished: false });
  }, 120_000);

  it('the next start seeds every family that was not finished, and the files open', async () => {
    const before = created().length;
    app = await bootPlatform(dataDir, { DEMO_DATA: 'true' });
    await app.get(DemoDataSeeder).done;
    expect(logged.map(({ message }) => message)).toContain('demo data resumed');
    expect(created().map(({ family }) => family).sort()).toEqual([...FAMILIES].sort());
    expect(created().length - before).toBe(FAMILIES.length - before);
    expect(logged.map(({ message }) => message)).toContain('demo data created');
    const as = devAuthorization(app);
    for (const { referralId, caseFileId } of created()) {
      await request(app.getHttpServer()).get(`/referrals/${referralId}`).set(await as('coordinator-1')).expect(200);
      if (caseFileId) await request(app.getHttpServer()).get(`/case-files/${caseFileId}`).set(await as('coordinator-1')).expect(200);
    }
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-seeding.json'), 'utf8')).finished).toBe(true);
    // The team was registered once: a resumed start does not register it again.
    const store = app.get<EventStore>(EVENT_STORE);
    const members = (await collect(store.readAll())).filter((event) => event.type === 'TeamMemberRegistered');
    expect(members).toHaveLength(3);
    await app.close();
    app = undefined;
  }, 120_000);

  it('a start after the seeding finished appends nothing', async () => {
    app = await bootPlatform(dataDir, { DEMO_DATA: 'true' });
    const store = app.get<EventStore>(EVENT_STORE);
    const head = await store.headPosition();
    await app.get(DemoDataSeeder).done;
    expect(await store.headPosition()).toBe(head);
  }, 60_000);
});
