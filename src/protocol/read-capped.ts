/**
 * Reads a request's or response's body as UTF-8 text with a size cap, shared by the widget (relay answers) and the
 * relay (widget requests, DQE answers): past the cap the stream is cancelled, never buffered.
 */

/** The body is larger than the cap (declared or streamed). */
export class TooLarge extends Error {
  constructor() {
    super('body too large');
  }
}

/**
 * The body as text, or {@link TooLarge} when it declares or streams more than `max` bytes. With `fatal`, bytes
 * that are not UTF-8 reject with a `TypeError` instead of becoming U+FFFD.
 */
export async function readCappedText(message: Request | Response, max: number, fatal = false): Promise<string> {
  const tooLarge = (cancel?: Promise<void>) => {
    void cancel?.catch(() => {}); // don't wait for a peer that stalls: the caller has its answer
    return new TooLarge();
  };
  if (Number(message.headers.get('content-length')) > max) throw tooLarge(message.body?.cancel());
  if (!message.body) return '';
  const reader = message.body.getReader();
  const decoder = new TextDecoder('utf-8', { fatal });
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) throw tooLarge(reader.cancel());
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
