/**
 * A throwaway HTTP server standing in for https://api.telnyx.com/v2 in tests. Every request is
 * recorded before the handler runs; the handler writes the response itself, so it can also
 * misbehave (destroy the socket, stall, answer with HTML, ...).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path + query as received, with the `/v2` base path stripped. */
  url: string;
  headers: http.IncomingHttpHeaders;
  /** UTF-8 body, or undefined when the request had none. */
  body: string | undefined;
}

// The return value is awaited and otherwise ignored, so one-line handlers may return what `end()` returns.
export type LoopbackHandler = (req: RecordedRequest, res: http.ServerResponse) => unknown;

export interface Loopback {
  /** Base URL including `/v2`, e.g. `http://127.0.0.1:41234/v2`. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startLoopback(handler: LoopbackHandler): Promise<Loopback> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url: (req.url ?? '/').replace(/^\/v2(?=[/?]|$)/, '') || '/',
        headers: req.headers,
        body: body === '' ? undefined : body,
      };
      requests.push(recorded);
      Promise.resolve()
        .then(() => handler(recorded, res))
        .catch((err: unknown) => {
          // A throwing handler is a bug in the test: answer 500 rather than leave the client hanging.
          if (!res.headersSent) json(res, 500, { errors: [{ code: 'loopback', title: String(err) }] });
          else res.destroy();
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v2`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.close((err) => (err ? reject(err) : resolve()));
        // server.close() waits for keep-alive and in-flight sockets; end them so tests don't hang.
        server.closeAllConnections();
      }),
  };
}

/** Writes a JSON response. `headers` may override the default content-type. */
export function json(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export interface TelnyxErrorItem {
  code: string;
  title: string;
  detail?: string;
  pointer?: string;
  /** Porting errors carry meta.retryable (NOTES §3); omitted unless given. */
  retryable?: boolean;
}

/** Writes the Telnyx error envelope: {"errors":[{code,title,detail,source:{pointer},meta:{url}}]}. */
export function telnyxError(
  res: http.ServerResponse,
  status: number,
  errors: TelnyxErrorItem[],
  headers?: http.OutgoingHttpHeaders,
): void {
  // Optional members are left undefined, which JSON.stringify drops.
  const envelope = errors.map(({ code, title, detail, pointer, retryable }) => ({
    code,
    title,
    detail,
    source: pointer === undefined ? undefined : { pointer },
    meta: { url: `https://developers.telnyx.com/docs/overview/errors/${code}`, retryable },
  }));
  json(res, status, { errors: envelope }, headers);
}
