import type { JsMsg } from 'nats';
import { parseInfo } from 'nats/lib/jetstream/jsmsg';
import { deliveryCountOf } from './delivery-count';

/** A message as nats.js hands it over: the reply subject, and `info` parsed by nats.js itself. */
const message = (reply: string): JsMsg => ({ reply, get info() { return parseInfo(reply); } }) as unknown as JsMsg;

describe('deliveryCountOf', () => {
  it.each([
    ['$JS.ACK.JEUGD.reporting__consent_any.1.42.40.1763896800000000000.0', 1],
    ['$JS.ACK.JEUGD.reporting__consent_any.3.42.40.1763896800000000000.12', 3],
    ['$JS.ACK.hub.ACCHASH.JEUGD.reporting__consent_any.17.9000.8000.1763896800000000000.5', 17],
    ['$JS.ACK.hub.ACCHASH.JEUGD.reporting__consent_any.120.9000.8000.1763896800000000000.5.r4nd0m', 120],
  ])('reads what nats.js reads from %s', (reply, expected) => {
    expect(deliveryCountOf(message(reply))).toBe(expected);
    expect(deliveryCountOf(message(reply))).toBe(parseInfo(reply).deliveryCount);
  });

  it('leaves anything unexpected to nats.js', () => {
    expect(() => deliveryCountOf(message('_INBOX.abc.def'))).toThrow(/not js message/);
    expect(() => deliveryCountOf(message('$JS.NAK.JEUGD.c.1.42.40.1763896800000000000.0'))).toThrow(/not js message/);
    const odd = { reply: '$JS.ACK.JEUGD.c.x.42.40.1763896800000000000.0', info: { deliveryCount: 7 } } as unknown as JsMsg;
    expect(deliveryCountOf(odd)).toBe(7);
    expect(deliveryCountOf({ info: { deliveryCount: 2 } } as unknown as JsMsg)).toBe(2);
  });
});
