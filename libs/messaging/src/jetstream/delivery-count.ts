import type { JsMsg } from 'nats';

const DOT = 46; // '.'
const ZERO = 48; // '0'

/**
 * The delivery count of a JetStream message, read straight from its reply subject. `message.info`
 * gives the same number, but splits the subject and builds an object with nine fields for every
 * message, and the consumer reads only this one on the hot path (its profile showed `parseInfo` at
 * about 5 % of the consumer's CPU). Anything unexpected falls back to nats.js's own parser.
 *
 * Reply subjects (names cannot contain dots, so the token count tells the two formats apart):
 * - `$JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<dseq>.<ts>.<pending>` (9 tokens)
 * - `$JS.ACK.<domain>.<account>.<stream>.<consumer>.<delivered>.<sseq>.<dseq>.<ts>.<pending>[.<token>]` (11 or 12)
 */
export function deliveryCountOf(message: JsMsg): number {
  // nats.js's message class has the reply subject as a getter; the JsMsg interface does not list it.
  const reply = (message as { reply?: unknown }).reply;
  if (typeof reply !== 'string' || !reply.startsWith('$JS.ACK.')) return message.info.deliveryCount;
  // One pass over the dots: the count tells the format, and where the delivered count starts in each.
  let dots = 0;
  let afterFourth = -1;
  let afterSixth = -1;
  for (let dot = reply.indexOf('.'); dot !== -1; dot = reply.indexOf('.', dot + 1)) {
    dots += 1;
    if (dots === 4) afterFourth = dot + 1;
    else if (dots === 6) afterSixth = dot + 1;
  }
  const start = dots === 8 ? afterFourth : dots === 10 || dots === 11 ? afterSixth : -1;
  if (start < 0) return message.info.deliveryCount;
  let count = 0;
  let i = start;
  for (; i < reply.length; i += 1) {
    const digit = reply.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) break;
    count = count * 10 + digit;
  }
  if (i === start || reply.charCodeAt(i) !== DOT) return message.info.deliveryCount;
  return count;
}
