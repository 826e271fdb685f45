import { ReferralAcceptedV1 as ReferralAccepted } from '../catalogue';
import { CE, CloudEventHeaders, cloudEventHeaders, InvalidCloudEvent, readCloudEventHeaders } from './cloud-events';
import type { PublicEvent } from './public-event';

const event: PublicEvent<typeof ReferralAccepted> = {
  id: '0193a5b2-7c1e-7000-8000-0000000000e1',
  type: 'ReferralAccepted',
  version: 1,
  source: 'intake',
  time: '2026-11-23T09:00:00.000Z',
  subject: '0193a5b2-7c1e-7000-8000-0000000000a1',
  data: {
    referralId: '0193a5b2-7c1e-7000-8000-0000000000a1',
    clientId: '0193a5b2-7c1e-7000-8000-0000000000b1',
    caseFileId: '0193a5b2-7c1e-7000-8000-0000000000c1',
    route: 'jgz',
    decidedAt: '2026-11-23T09:00:00.000Z',
  },
  correlationId: 'corr-1',
  actor: { userId: 'coach-noord-1', role: 'coach', organisation: 'wijkteam-noord' },
};

describe('CloudEvents binary mode', () => {
  it('maps the event to ce-* headers and back', () => {
    const headers = cloudEventHeaders(ReferralAccepted, event);
    expect(headers).toMatchObject({
      'ce-specversion': '1.0',
      'ce-id': event.id,
      'Nats-Msg-Id': event.id,
      'ce-source': '/jeugd/intake',
      'ce-type': 'nl.wijkteam.jeugd.intake.ReferralAccepted.v1',
      'ce-time': event.time,
      'ce-subject': event.subject,
      'ce-dataschema': ReferralAccepted.dataSchema,
      'content-type': 'application/json',
      'ce-correlationid': 'corr-1',
      'ce-actorid': 'coach-noord-1',
    });
    expect(headers).not.toHaveProperty(CE.causationid);
    const { data: _data, type, version, source, ...envelope } = event;
    expect(readCloudEventHeaders((name) => headers[name])).toEqual({ ...envelope, service: source, type, version });
  });

  it('refuses headers that do not make a catalogue CloudEvent, naming the header', () => {
    const headers = cloudEventHeaders(ReferralAccepted, event);
    expect(() => readCloudEventHeaders((name) => (name === CE.type ? 'ReferralAccepted' : headers[name]))).toThrow(InvalidCloudEvent);
    expect(() => readCloudEventHeaders((name) => (name === CE.id ? undefined : headers[name]))).toThrow(`header ${CE.id}`);
    expect(() => readCloudEventHeaders((name) => (name === CE.source ? '/jeugd/consent' : headers[name]))).toThrow(`header ${CE.source}`);
  });

  it('checks each header exactly as the schema in the AsyncAPI document states it', () => {
    const good = cloudEventHeaders(ReferralAccepted, event);
    const variants: Array<Record<string, string>> = [good, { ...good, 'ce-causationid': 'e0' }];
    for (const name of Object.keys(good)) {
      for (const value of ['', 'x', 'Bram Smit', 'bram@example.nl', '2026-11-23', '0193A5B2-7C1E-7000-8000-0000000000E1', `${good[name]} `]) variants.push({ ...good, [name]: value });
    }
    for (const headers of variants) {
      const bySchema = CloudEventHeaders.safeParse(Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''))).success;
      const byCheck = (() => {
        try {
          readCloudEventHeaders((name) => headers[name]);
          return true;
        } catch {
          return false;
        }
      })();
      // The reader also ties ce-source and Nats-Msg-Id to ce-type and ce-id: it may refuse more, never less.
      if (byCheck) expect([headers, bySchema]).toEqual([headers, true]);
      if (!bySchema) expect([headers, byCheck]).toEqual([headers, false]);
    }
  });
});
