import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { type JSONRPCMessage, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';

/** Longest message read from stdin (as the SDK's own stdio transport); a longer one is refused. */
export const MAX_STDIO_MESSAGE_BYTES = 10 * 1024 * 1024;

/** The id of a message from its first bytes, when written the usual way ({"jsonrpc":"2.0","id":...). */
const HEAD_ID = /^\{"jsonrpc":"2\.0","id":(\d{1,15}|"[^"\\]{0,64}")[,}]/;

/**
 * MCP over stdio, one JSON-RPC message per line, like the SDK's StdioServerTransport but with a bounded
 * line: a message over the limit is answered with a JSON-RPC error (-32600, with the message's id when
 * its first bytes tell it, else null), its remaining bytes are skipped up to the next newline, and the
 * server keeps serving. (The SDK's transport closes the connection instead, which ends the server.)
 * Memory held for an unfinished message never passes the limit.
 */
export class LineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private pieces: Buffer[] = [];
  private size = 0;
  /** Inside a message over the limit: dropping bytes until its newline. */
  private skipping = false;

  constructor(
    private readonly input: Readable = process.stdin,
    private readonly output: Writable = process.stdout,
    private readonly maxBytes = MAX_STDIO_MESSAGE_BYTES,
  ) {}

  async start(): Promise<void> {
    this.input.on('data', this.onData);
    this.input.on('error', this.onError);
  }

  async close(): Promise<void> {
    this.input.off('data', this.onData);
    this.input.off('error', this.onError);
    if (this.input.listenerCount('data') === 0) this.input.pause();
    this.pieces = [];
    this.size = 0;
    this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.output.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.output.once('drain', resolve);
    });
  }

  private readonly onError = (error: Error) => this.onerror?.(error);

  private readonly onData = (chunk: Buffer | string) => {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    while (start < data.length) {
      const newline = data.indexOf(0x0a, start);
      const piece = data.subarray(start, newline === -1 ? data.length : newline);
      if (!this.skipping) {
        if (this.size + piece.length > this.maxBytes) this.refuse(piece);
        else {
          this.pieces.push(piece);
          this.size += piece.length;
        }
      }
      if (newline === -1) return;
      if (!this.skipping) this.line(Buffer.concat(this.pieces).toString('utf8'));
      this.pieces = [];
      this.size = 0;
      this.skipping = false;
      start = newline + 1;
    }
  };

  /** Refuses the message being read (it passed the limit) and skips the rest of it. */
  private refuse(piece: Buffer): void {
    const parts: Buffer[] = [];
    let have = 0;
    for (const part of [...this.pieces, piece]) {
      if (have >= 128) break;
      parts.push(part.subarray(0, 128 - have));
      have += Math.min(part.length, 128 - have);
    }
    const head = Buffer.concat(parts).toString('utf8');
    const found = HEAD_ID.exec(head)?.[1];
    const id = found === undefined ? null : (JSON.parse(found) as string | number);
    this.pieces = [];
    this.size = 0;
    this.skipping = true;
    const message = `Message over ${this.maxBytes} bytes (the stdio limit): refused, nothing was read. Send smaller messages (upload large files with path instead of content).`;
    this.onerror?.(new Error(`a message over ${this.maxBytes} bytes was refused`));
    void this.send({ jsonrpc: '2.0', id, error: { code: -32600, message } } as unknown as JSONRPCMessage);
  }

  private line(text: string): void {
    const line = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (!line.trim()) return;
    let message: JSONRPCMessage;
    try {
      message = JSONRPCMessageSchema.parse(JSON.parse(line));
    } catch (error) {
      // As the SDK does: a malformed message is dropped (never echoed) and reported.
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.onmessage?.(message);
  }
}
