/**
 * Reads a request's or response's body as UTF-8 text with a size cap, shared by the widget (relay answers) and the
 * relay (widget requests, DQE answers): past the cap the stream is cancelled, never buffered. The widget imports
 * {@link readCapped} only, so that the relay's deadline ({@link readCappedText}) stays out of its bundle.
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

const cancel = (stream: { cancel(): Promise<void> } | null | undefined): void => void stream?.cancel().catch(() => {});

/**
 * The body as text, or {@link TooLarge} when it declares or streams more than `max` bytes (the stream is then
 * cancelled). With `fatal`, bytes that are not UTF-8 reject with a `TypeError` instead of becoming U+FFFD.
 * `reading` is given the body's reader before the first read (a deadline may cancel it).
 */
export async function readCapped(
  message: Request | Response,
  max: number,
  fatal = false,
  reading?: (reader: ReadableStreamDefaultReader<Uint8Array>) => void,
): Promise<string> {
  if (Number(message.headers.get('content-length')) > max) {
    cancel(message.body);
    throw new TooLarge();
  }
  const reader = message.body?.getReader();
  if (!reader) return '';
  reading?.(reader);
  const decoder = new TextDecoder('utf-8', { fatal });
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > max) {
      cancel(reader);
      throw new TooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
}

/**
 * {@link readCapped}, and with `timeoutMs`, a body not read completely in that time rejects with {@link TooSlow}.
 * The deadline cancels the reader, which settles a pending read at once (as `done`): no waiting for a peer that
 * stalls, and the flag makes a read that ends because time ran out a TooSlow, never a complete (if parsable) body.
 */
export async function readCappedText(
  message: Request | Response,
  max: number,
  fatal = false,
  timeoutMs?: number,
): Promise<string> {
  if (timeoutMs === undefined) return readCapped(message, max, fatal);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timing = { expired: false };
  try {
    const text = await readCapped(message, max, fatal, (reader) => {
      timer = setTimeout(() => {
        timing.expired = true;
        cancel(reader);
      }, timeoutMs);
    });
    if (timing.expired) throw new TooSlow();
    return text;
  } catch (e) {
    throw timing.expired ? new TooSlow() : e;
  } finally {
    clearTimeout(timer);
  }
}
