/**
 * A stubbed relay for component tests: replaces `fetch`, records each call and answers from a queue.
 */
export type Reply =
  | { json: unknown; status?: number }
  | { text: string; status?: number; contentType?: string }
  | { network: true }
  | { hang: true } // never answers
  | { stall: true; status?: number } // headers, then a body that never ends
  | { deferred: Promise<Reply> };

export interface Call {
  url: string;
  body: Record<string, unknown>;
  signal: AbortSignal | null;
}

export class StubRelay {
  calls: Call[] = [];
  /** Calls whose `fetch` has settled (answered or rejected): a late answer has been delivered, or refused. */
  settled = 0;
  private queue: Reply[] = [];
  private fallback: Reply = { json: { status: 'error', error_id: 'R502', error_type: 'no reply queued' }, status: 502 };
  private original = window.fetch.bind(window);

  install(): this {
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) =>
      this.handle(input instanceof Request ? input.url : String(input), init);
    return this;
  }

  restore(): void {
    window.fetch = this.original;
  }

  reply(...replies: Reply[]): this {
    this.queue.push(...replies);
    return this;
  }

  private async handle(url: string, init: RequestInit = {}): Promise<Response> {
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    const signal = init.signal ?? null;
    this.calls.push({ url, body, signal });
    const reply = this.queue.shift() ?? this.fallback;
    try {
      return await this.respond(reply, signal);
    } finally {
      this.settled++;
    }
  }

  private async respond(reply: Reply, signal: AbortSignal | null): Promise<Response> {
    const aborted = () => new DOMException('The operation was aborted.', 'AbortError');
    if (signal?.aborted) throw aborted();
    if ('deferred' in reply) return this.respond(await reply.deferred, signal);
    if ('network' in reply) throw new TypeError('Failed to fetch');
    if ('hang' in reply) {
      return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(aborted()), { once: true }));
    }
    if ('stall' in reply) {
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"family_name":'));
          signal?.addEventListener('abort', () => controller.error(aborted()), { once: true });
        },
      });
      return new Response(stream, { status: reply.status ?? 200, headers: { 'content-type': 'application/json' } });
    }
    if ('json' in reply) {
      return new Response(JSON.stringify(reply.json), {
        status: reply.status ?? 200,
        headers: { 'content-type': 'application/json' },
      });
    }
    return new Response(reply.text, {
      status: reply.status ?? 200,
      headers: { 'content-type': reply.contentType ?? 'text/html' },
    });
  }
}

/** The documented example answer of DQE's Matching without OTP. */
export const SEED_SCORES = {
  family_name: 1.0,
  gender: '',
  birthdate: 1.0,
  given_name: 1.0,
  address: { country: 1.0, postal_code: '0.78', street_address: '0.56', locality: '0.44' },
  email: 1.0,
};
