import type { JsMsg } from 'nats';

/**
 * The message's headers as a plain record. nats.js decodes a header block by appending each header
 * to a MsgHdrs, which searches every header seen so far and allocates for each: quadratic in the
 * count, and a CloudEvent carries fifteen (profiled: the largest cost of a consumer after GC). So
 * the block is read here in one pass from the raw bytes, where nats.js 2.x keeps them
 * (`msg._rdata` up to `msg._msg.hdr`); should those internals change, MsgHdrs is read instead.
 */
export function headersOf(message: JsMsg): Record<string, string> {
  const headers: Record<string, string> = {};
  const raw = (message as unknown as { msg?: { _headers?: unknown; _rdata?: unknown; _msg?: { hdr?: unknown } } }).msg;
  const length = raw?._msg?.hdr;
  if (raw && raw._headers === undefined && raw._rdata instanceof Uint8Array && typeof length === 'number' && length > 0) {
    const block = decoder.decode(raw._rdata.subarray(0, length));
    // The first line is the status ("NATS/1.0"); then "Name: value" lines; a blank line ends it.
    let start = block.indexOf('\r\n') + 2;
    while (start > 1 && start < block.length) {
      const end = block.indexOf('\r\n', start);
      const line = block.slice(start, end < 0 ? block.length : end);
      const colon = line.indexOf(':');
      if (colon > 0) {
        const name = line.slice(0, colon);
        if (headers[name] === undefined) headers[name] = line.slice(colon + 1).trim();
      }
      if (end < 0) break;
      start = end + 2;
    }
    return headers;
  }
  if (message.headers) for (const [name, values] of message.headers) headers[name] = values[0] ?? '';
  return headers;
}

const decoder = new TextDecoder();
