import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication, Type } from '@nestjs/common';
import { CasePlanningModule } from '@wijkteam/case-planning';
import { ConsentModule } from '@wijkteam/consent';
import { SubjectKeyDestroyed } from '@wijkteam/contracts';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { IntakeModule } from '@wijkteam/intake';
import { toPublicMessage } from '@wijkteam/messaging';
import { erasureStreamOf, KeyRing } from '@wijkteam/privacy';
import { eventually, NatsServer } from '@wijkteam/testing';
import { connect, headers as natsHeaders, type NatsConnection, nkeyAuthenticator, nkeys, type Subscription } from 'nats';
import request from 'supertest';
import { referralBody } from './support/referrals';
import { bootTestApp } from './support/service-apps';

const SERVICES = { intake: 'INTAKE', 'case-planning': 'CASE_PLANNING', safety: 'SAFETY', consent: 'CONSENT', reporting: 'REPORTING' } as const;
const PARTNERS = ['PARTNER_JGZ', 'PARTNER_HUISARTS', 'PARTNER_JBP', 'VOLWASSENENTEAM'];
const ACCOUNTS_CONF = path.join(__dirname, '../../../infra/nats/accounts.conf');

/** The one line a failed start-up gives, from the error the boot rejected with. */
async function refusalOf(boot: Promise<unknown>): Promise<string> {
  const error = await boot.then(
    () => undefined,
    (e: unknown) => e,
  );
  // Errors from Node's own modules (tls) come from another realm than the test's `Error`.
  expect(error).toHaveProperty('message');
  return (error as Error).message;
}

/**
 * The services against a nats-server that requires credentials and enforces the committed
 * infra/nats/accounts.conf (its passwords given as the variables it names). The file is used as it
 * is, plus one unrestricted user in the same account that stands for a tap on the bus and for a
 * forger who got hold of a publisher's credentials.
 */
describe('the bus with credentials and per-service permissions (infra/nats/accounts.conf)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-auth-e2e-'));
  const passwords = Object.fromEntries([...Object.values(SERVICES), ...PARTNERS].map((name) => [`${name}_PASSWORD`, `pw-${name.toLowerCase()}-${crypto.randomUUID()}`]));
  const apps: INestApplication[] = [];
  let nats: NatsServer;
  let tap: NatsConnection;
  let tapped: Subscription;
  const seen: { subject: string; data: string }[] = [];

  const passwordFile = (service: keyof typeof SERVICES): string => {
    const file = path.join(dir, `${service}.password`);
    fs.writeFileSync(file, `${passwords[`${SERVICES[service]}_PASSWORD`]}\n`, { mode: 0o600 });
    return file;
  };

  const boot = (service: keyof typeof SERVICES, feature: Type, credentials: Record<string, string>) =>
    bootTestApp({ service, features: [feature], dir: path.join(dir, service), settings: { TRANSPORT: 'jetstream', NATS_URL: nats.url, ...credentials } });

  async function start(service: keyof typeof SERVICES, feature: Type): Promise<INestApplication> {
    const app = await boot(service, feature, { NATS_USER: service, NATS_PASSWORD_FILE: passwordFile(service) });
    apps.push(app);
    return app;
  }

  const tokenFor = async (app: INestApplication, userId: string) => ({
    Authorization: `Bearer ${(await request(app.getHttpServer()).post('/auth/dev/token').send({ userId }).expect(200)).body.access_token}`,
  });

  let intake: INestApplication;
  let casePlanning: INestApplication;
  let consent: INestApplication;

  beforeAll(async () => {
    const config = path.join(dir, 'accounts.conf');
    const committed = fs.readFileSync(ACCOUNTS_CONF, 'utf8');
    fs.writeFileSync(config, committed.replace(/(WIJKTEAM \{\s*jetstream: enabled\s*users: \[)/, '$1\n      { user: bus-tap, password: $BUS_TAP_PASSWORD }'));
    nats = await NatsServer.start({ config, env: { ...passwords, BUS_TAP_PASSWORD: 'tap' } });
    tap = await connect({ servers: nats.url, user: 'bus-tap', pass: 'tap' });
    tapped = tap.subscribe('jeugd.>');
    void (async () => {
      for await (const message of tapped) seen.push({ subject: message.subject, data: new TextDecoder().decode(message.data) });
    })();
  }, 60_000);

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await tap?.close();
    await nats?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('without credentials, or with a wrong password, a service does not start: one line naming the settings, no secret in it', async () => {
    const none = await refusalOf(boot('intake', IntakeModule, {}));
    expect(none).toBe(
      "NATS refused the connection 'intake' (authorization violation): no credentials given: set NATS_CREDS_FILE, NATS_NKEY_SEED_FILE, NATS_USER with NATS_PASSWORD_FILE, or NATS_TOKEN_FILE",
    );
    const wrongFile = path.join(dir, 'wrong.password');
    fs.writeFileSync(wrongFile, 'not-the-password');
    const wrong = await refusalOf(boot('intake', IntakeModule, { NATS_USER: 'intake', NATS_PASSWORD_FILE: wrongFile }));
    expect(wrong).toBe("NATS refused the connection 'intake' (authorization violation): check NATS_USER and NATS_PASSWORD_FILE");
    expect(wrong).not.toContain('not-the-password');
    expect(wrong).not.toContain(wrongFile);
  });

  it('with their own credentials the services connect: a referral accepted in intake is relayed and opens the case file in case planning', async () => {
    intake = await start('intake', IntakeModule);
    casePlanning = await start('case-planning', CasePlanningModule);
    consent = await start('consent', ConsentModule);
    for (const app of [intake, casePlanning, consent]) expect((await request(app.getHttpServer()).get('/health/ready').expect(200)).body.checks.bus).toBe('up');

    const coach = await tokenFor(intake, 'coach-noord-1');
    const created = await request(intake.getHttpServer()).post('/referrals').set(coach).send(referralBody({ etmIndication: 4 })).expect(201);
    const accepted = await request(intake.getHttpServer()).post(`/referrals/${created.body.referralId}/acceptance`).set(coach).expect(200);
    const planner = await tokenFor(casePlanning, 'coach-noord-1');
    await eventually(async () => {
      const file = await request(casePlanning.getHttpServer()).get(`/case-files/${accepted.body.caseFileId}`).set(planner).expect(200);
      expect(file.body).toMatchObject({ status: 'open', referralId: created.body.referralId });
    });
    // Everything the services did was within their permissions.
    expect(nats.output).not.toMatch(/Violation/);
  });

  it("a service's user cannot publish another service's events: safety forging consent's SubjectKeyDestroyed is refused by the server", async () => {
    const safety = await connect({ servers: nats.url, user: 'safety', pass: passwords.SAFETY_PASSWORD, inboxPrefix: '_INBOX_safety' });
    try {
      const refused = await safety
        .jetstream()
        .publish('jeugd.consent.SubjectKeyDestroyed', new TextEncoder().encode('{}'), { timeout: 2_000 })
        .then(
          () => undefined,
          (error: { code?: string; message?: string }) => error,
        );
      expect(refused?.code).toBe('PERMISSIONS_VIOLATION');
      await eventually(async () => expect(nats.output).toMatch(/Publish Violation - User "safety", Subject "jeugd\.consent\.SubjectKeyDestroyed"/));
    } finally {
      await safety.close();
    }
  });

  it("a service's user cannot read the replies to another service's requests: each has its own reply subjects", async () => {
    const intakeUser = await connect({ servers: nats.url, user: 'intake', pass: passwords.INTAKE_PASSWORD, inboxPrefix: '_INBOX_intake' });
    try {
      // Case planning's replies (intake's answers about birthdays, consent's decisions) are on _INBOX_case-planning.
      for (const subject of ['_INBOX_case-planning.>', '_INBOX.>', 'consent.decide']) intakeUser.subscribe(subject);
      await intakeUser.flush();
      for (const subject of ['_INBOX_case-planning\\.>', '_INBOX\\.>', 'consent\\.decide'])
        await eventually(async () => expect(nats.output).toMatch(new RegExp(`Subscription Violation - User "intake", Subject "${subject}"`)));
    } finally {
      await intakeUser.close().catch(() => undefined);
    }
  });

  it('a SubjectKeyDestroyed that consent never recorded destroys nothing and is dead-lettered with a code; a real erasure still shreds everywhere', async () => {
    const client = { name: 'Noor van Dam', birthDate: '2012-03-03' };
    const coach = await tokenFor(intake, 'coach-noord-1');
    const created = await request(intake.getHttpServer()).post('/referrals').set(coach).send(referralBody({}, client)).expect(201);
    const { clientId, referralId } = created.body as { clientId: string; referralId: string };
    const planningKey = await casePlanning.get(KeyRing).keyForSubject(clientId);

    // The forger has the bus (here: an unrestricted user); the event is well-formed and valid.
    const forged = toPublicMessage(SubjectKeyDestroyed, {
      id: crypto.randomUUID(),
      type: 'SubjectKeyDestroyed',
      version: 1,
      source: 'consent',
      time: new Date().toISOString(),
      subject: clientId,
      data: { subjectId: clientId, legalBasis: 'avg_art17_request', requestId: crypto.randomUUID(), decidedBy: { userId: 'privacy-officer-1', role: 'privacy-officer', organisation: 'wijkteam' }, destroyedAt: new Date().toISOString() },
      correlationId: crypto.randomUUID(),
      actor: { userId: 'privacy-officer-1', role: 'privacy-officer', organisation: 'wijkteam' },
    });
    const hdrs = natsHeaders();
    for (const [name, value] of Object.entries(forged.headers)) hdrs.set(name, value);
    await tap.jetstream().publish(forged.subject, forged.body, { headers: hdrs });

    // Both followers refused it at once, with the code, and kept their keys.
    await eventually(async () => {
      const letters = seen.filter((m) => m.subject.startsWith('jeugd.dlq.') && m.data.includes(forged.headers['ce-id']));
      expect(letters.map((m) => m.subject).sort()).toEqual(['jeugd.dlq.case-planning__consent_SubjectKeyDestroyed', 'jeugd.dlq.intake__consent_SubjectKeyDestroyed']);
      for (const letter of letters) expect(JSON.parse(letter.data)).toMatchObject({ deliveries: 1, error: { name: 'MessageRefused', code: 'erasure_not_recorded' } });
    }, 20_000);
    const still = await request(intake.getHttpServer()).get(`/referrals/${referralId}`).set(coach).expect(200);
    expect(still.body.client).toEqual({ ...client, bsn: null });
    expect(await casePlanning.get(KeyRing).keyById(planningKey.keyId)).not.toBe('destroyed');
    for (const [service, app] of [['intake', intake], ['case-planning', casePlanning]] as const) {
      const records: unknown[] = [];
      for await (const event of app.get<EventStore>(EVENT_STORE).readStream(erasureStreamOf(service)(clientId))) records.push(event);
      expect(records).toEqual([]);
    }

    // The erasure consent decides is carried out by both.
    await request(consent.getHttpServer()).post('/privacy/erasures').set(await tokenFor(consent, 'privacy-officer-1')).send({ clientId, legalBasis: 'avg_art17_request', requestId: crypto.randomUUID() }).expect(201);
    await eventually(async () => {
      const after = await request(intake.getHttpServer()).get(`/referrals/${referralId}`).set(coach).expect(200);
      expect(after.body.client).toEqual({ $erased: true });
      expect(await casePlanning.get(KeyRing).keyById(planningKey.keyId)).toBe('destroyed');
    }, 20_000);
  });
});

/** A throwaway CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl. */
function throwawayCertificates(dir: string): Record<'ca' | 'serverCert' | 'serverKey' | 'clientCert' | 'clientKey', string> {
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=wijkteam test CA', '-keyout', file('ca.key'), '-out', file('ca.pem'));
  for (const [name, extensions] of [
    ['server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth'],
    ['client', 'extendedKeyUsage=clientAuth'],
  ] as const) {
    fs.writeFileSync(file(`${name}.ext`), extensions);
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`));
    openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', file(`${name}.ext`), '-out', file(`${name}.pem`));
  }
  return { ca: file('ca.pem'), serverCert: file('server.pem'), serverKey: file('server.key'), clientCert: file('client.pem'), clientKey: file('client.key') };
}

/** An nkey user over TLS with client certificates (verify: true): the production shape of the connection. */
describe('the bus over TLS with an nkey user', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-tls-e2e-'));
  const service = nkeys.createUser();
  const tapUser = nkeys.createUser();
  const certificates = throwawayCertificates(dir);
  const apps: INestApplication[] = [];
  let nats: NatsServer;

  const boot = (settings: Record<string, string>) =>
    bootTestApp({ service: 'intake', features: [IntakeModule], dir: path.join(dir, `intake-${apps.length}`), settings: { TRANSPORT: 'jetstream', NATS_URL: nats.url, ...settings } });

  beforeAll(async () => {
    const seedFile = path.join(dir, 'intake.nk');
    fs.writeFileSync(seedFile, new TextDecoder().decode(service.getSeed()), { mode: 0o600 });
    const config = path.join(dir, 'nats.conf');
    fs.writeFileSync(
      config,
      [
        `tls { cert_file: "${certificates.serverCert}", key_file: "${certificates.serverKey}", ca_file: "${certificates.ca}", verify: true }`,
        `authorization { users: [ { nkey: ${service.getPublicKey()} }, { nkey: ${tapUser.getPublicKey()} } ] }`,
      ].join('\n'),
    );
    nats = await NatsServer.start({ config, tls: true });
  }, 60_000);

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await nats?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const tls = () => ({ NATS_TLS_CA_FILE: certificates.ca, NATS_TLS_CERT_FILE: certificates.clientCert, NATS_TLS_KEY_FILE: certificates.clientKey });

  it('over TLS but without the nkey, start-up stops naming the settings', async () => {
    expect(await refusalOf(boot(tls()))).toBe(
      "NATS refused the connection 'intake' (authorization violation): no credentials given: set NATS_CREDS_FILE, NATS_NKEY_SEED_FILE, NATS_USER with NATS_PASSWORD_FILE, or NATS_TOKEN_FILE",
    );
  });

  it('with the nkey seed and the client certificate, intake connects over TLS and its events reach the stream', async () => {
    const app = await boot({ ...tls(), NATS_NKEY_SEED_FILE: path.join(dir, 'intake.nk') });
    apps.push(app);
    expect((await request(app.getHttpServer()).get('/health/ready').expect(200)).body.checks.bus).toBe('up');
    const coach = { Authorization: `Bearer ${(await request(app.getHttpServer()).post('/auth/dev/token').send({ userId: 'coach-noord-1' }).expect(200)).body.access_token}` };
    const created = await request(app.getHttpServer()).post('/referrals').set(coach).send(referralBody({})).expect(201);

    const tap = await connect({
      servers: nats.url,
      authenticator: nkeyAuthenticator(tapUser.getSeed()),
      tls: { caFile: certificates.ca, certFile: certificates.clientCert, keyFile: certificates.clientKey },
    });
    try {
      await eventually(async () => {
        const last = await (await tap.jetstreamManager()).streams.getMessage('JEUGD', { last_by_subj: 'jeugd.intake.ReferralReceived' });
        expect(JSON.parse(new TextDecoder().decode(last.data))).toMatchObject({ referralId: created.body.referralId });
      });
    } finally {
      await tap.close();
    }
  });
});

describe('the bus with a token', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-token-e2e-'));
  let nats: NatsServer;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    fs.writeFileSync(path.join(dir, 'nats.conf'), 'authorization { token: $BUS_TOKEN }');
    fs.writeFileSync(path.join(dir, 'token'), 'tok-e2e-secret\n', { mode: 0o600 });
    nats = await NatsServer.start({ config: path.join(dir, 'nats.conf'), env: { BUS_TOKEN: 'tok-e2e-secret' } });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await nats?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('connects with NATS_TOKEN_FILE', async () => {
    app = await bootTestApp({ service: 'intake', features: [IntakeModule], dir: path.join(dir, 'intake'), settings: { TRANSPORT: 'jetstream', NATS_URL: nats.url, NATS_TOKEN_FILE: path.join(dir, 'token') } });
    expect((await request(app.getHttpServer()).get('/health/ready').expect(200)).body.checks.bus).toBe('up');
  });
});
