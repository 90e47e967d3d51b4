import http from 'node:http';
import net from 'node:net';

// biome-ignore lint/suspicious/noExplicitAny: answers are read as the API's JSON
type Json = any;

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: Json;
  text: string;
}

/**
 * One HTTP request to the sandbox with exactly these headers (node:http adds no Accept of its own,
 * unlike fetch). A Bearer token and JSON Accept are sent unless `headers` says otherwise (undefined drops one).
 */
export function raw(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string | undefined>; body?: unknown } = {},
): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  const body =
    options.body === undefined
      ? undefined
      : Buffer.isBuffer(options.body)
        ? options.body
        : Buffer.from(JSON.stringify(options.body));
  const headers = Object.fromEntries(
    Object.entries({
      authorization: 'Bearer KEY_sandbox',
      accept: 'application/json',
      ...(body && !Buffer.isBuffer(options.body) ? { 'content-type': 'application/json' } : {}),
      ...(body ? { 'content-length': String(body.length) } : {}),
      ...options.headers,
    }).filter((e): e is [string, string] => e[1] !== undefined),
  );
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path: `${url.pathname}${path}`, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Json;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json, text });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Opens a raw connection and sends only a request's head (and `start` of its body), never the rest:
 * what a client holding a big upload open looks like. Resolves with the status line and headers of
 * whatever the server answers, or stays pending while the server waits for the body.
 */
export function headOnly(baseUrl: string, path: string, head: Record<string, string>, start = '') {
  const url = new URL(baseUrl);
  const socket = net.connect(Number(url.port), url.hostname);
  const lines = [
    `POST ${url.pathname}${path} HTTP/1.1`,
    `host: ${url.host}`,
    'authorization: Bearer KEY_sandbox',
    'accept: application/json',
    ...Object.entries(head).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.write(`${lines.join('\r\n')}\r\n\r\n${start}`);
  let received = '';
  const answer = new Promise<{ status: number; head: string; closed: boolean }>((resolve, reject) => {
    socket.on('data', (c: Buffer) => {
      received += c.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('close', () => {
      resolve({ status: Number(received.slice(9, 12)), head: received, closed: true });
    });
  });
  return { socket, answer, received: () => received };
}
