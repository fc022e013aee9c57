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

/** The body did not arrive within the time given (a slow or stalled sender). */
export class TooSlow extends Error {
  constructor() {
    super('body too slow');
  }
}

/**
 * The body as text, or {@link TooLarge} when it declares or streams more than `max` bytes. With `fatal`, bytes
 * that are not UTF-8 reject with a `TypeError` instead of becoming U+FFFD. With `timeoutMs`, a body not read
 * completely in that time rejects with {@link TooSlow}. Either way the stream is cancelled, without waiting
 * for a peer that stalls: the caller has its answer.
 */
export async function readCappedText(
  message: Request | Response,
  max: number,
  fatal = false,
  timeoutMs?: number,
): Promise<string> {
  if (Number(message.headers.get('content-length')) > max) {
    void message.body?.cancel().catch(() => {});
    throw new TooLarge();
  }
  if (!message.body) return '';
  const reader = message.body.getReader();
  const stop = (error: Error): Error => {
    void reader.cancel().catch(() => {});
    return error;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Cancelling the reader settles a pending read as `done` before the race sees the deadline's rejection: the
  // flag makes a read that ends because time ran out a TooSlow, never a complete (if parsable) body.
  const timing = { expired: false };
  const deadline =
    timeoutMs === undefined
      ? null
      : new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            timing.expired = true;
            reject(stop(new TooSlow()));
          }, timeoutMs);
        });
  deadline?.catch(() => {});
  try {
    const decoder = new TextDecoder('utf-8', { fatal });
    let size = 0;
    let text = '';
    for (;;) {
      const { done, value } = await (deadline ? Promise.race([reader.read(), deadline]) : reader.read());
      if (timing.expired) throw new TooSlow();
      if (done) break;
      size += value.byteLength;
      if (size > max) throw stop(new TooLarge());
      text += decoder.decode(value, { stream: true });
    }
    return text + decoder.decode();
  } finally {
    clearTimeout(timer);
  }
}
