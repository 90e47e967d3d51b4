import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Opaque, tamper-evident cursors: base64url(JSON state) + "." + HMAC. The state says where to resume
 * (what to list, with which filters, which API page, how many items of it were already shown); the
 * HMAC, keyed per server process, means a forged or edited cursor is refused instead of obeyed.
 */
export class CursorCodec {
  private readonly key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    this.key = key;
  }

  encode(state: object): string {
    const body = Buffer.from(JSON.stringify(state)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** The state, or undefined when the cursor is malformed, forged, or from another server process. */
  decode<T>(cursor: unknown): T | undefined {
    if (typeof cursor !== 'string' || cursor.length > 4096) return undefined;
    const [body, signature, extra] = cursor.split('.');
    if (!body || !signature || extra !== undefined) return undefined;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
    } catch {
      return undefined;
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url').slice(0, 22);
  }
}
