import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Longest cursor accepted: a compressed state with a long filter fits many times over. */
export const MAX_CURSOR_CHARS = 8192;
/** Longest state a cursor may inflate to (a deflate bomb stops here). */
const MAX_STATE_BYTES = 65_536;

/** Without MCP_CURSOR_SECRET every process uses this key, so a cursor outlives the process that made it. */
const SHARED_KEY = createHash('sha256').update('telnyx-porting-mcp cursor v1').digest();

/**
 * Stateless, opaque cursors: base64url(deflate(JSON state)) + "." + HMAC. The state says where to resume
 * (what to list, with which filters, which API page, how many items of it were already shown), so any
 * process started with the same settings continues it: over stdio after a restart, or on another
 * HTTP replica. Without a secret the HMAC only catches corrupted or hand-edited cursors; with
 * MCP_CURSOR_SECRET it also makes forging one need the secret. Neither is what makes a cursor safe: a
 * decoded state is checked like direct input (a tool's arguments against its schema, pages.ts).
 */
export class CursorCodec {
  private readonly key: Buffer;

  constructor(key: Buffer = SHARED_KEY) {
    this.key = key;
  }

  /** The codec for a configured secret (or the shared key when none is set). */
  static fromSecret(secret: string | undefined): CursorCodec {
    return new CursorCodec(secret ? createHash('sha256').update(secret).digest() : undefined);
  }

  encode(state: object): string {
    const body = deflateRawSync(Buffer.from(JSON.stringify(state))).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** The state, or undefined when the cursor is malformed, edited, or signed with another secret. */
  decode<T>(cursor: unknown): T | undefined {
    if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_CHARS) return undefined;
    const [body, signature, extra] = cursor.split('.');
    if (!body || !signature || extra !== undefined) return undefined;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const json = inflateRawSync(Buffer.from(body, 'base64url'), { maxOutputLength: MAX_STATE_BYTES });
      const state: unknown = JSON.parse(json.toString('utf8'));
      return state && typeof state === 'object' && !Array.isArray(state) ? (state as T) : undefined;
    } catch {
      return undefined;
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url').slice(0, 22);
  }
}
