// Memory while walking 10,000 porting phone numbers, printed, not asserted (run after `npm run build`):
//   node scripts/walk-memory.mjs [count]
// Two walks over a seeded sandbox: the client's page-by-page iterator, and resources/list through a
// real MCP client. Each prints heap and RSS before, at the peak (sampled every 100 items), and after.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { byName } from '../dist/catalog/index.js';
import { startSandbox } from '../dist/sandbox/server.js';
import { createServer } from '../dist/server.js';
import { TelnyxClient } from '../dist/telnyx/client.js';

const count = Number(process.argv[2] ?? 10_000);
const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const sample = () => {
  globalThis.gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
};
function tracker(label) {
  const start = sample();
  const peak = { ...start };
  return {
    tick() {
      const now = process.memoryUsage();
      peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
      peak.rss = Math.max(peak.rss, now.rss);
    },
    done(items, ms) {
      const end = sample();
      console.log(
        `${label.padEnd(34)} ${String(items).padStart(6)} items ${String(ms).padStart(6)} ms | heap ${mb(start.heapUsed)} -> peak ${mb(peak.heapUsed)} -> ${mb(end.heapUsed)} | rss ${mb(start.rss)} -> peak ${mb(peak.rss)}`,
      );
    },
  };
}

const sandbox = await startSandbox({ seed: count });
console.log(
  `node ${process.version}, sandbox seeded with ${count} porting phone numbers (${sandbox.store.orders.size} orders, ${sandbox.store.events.length} events)`,
);

const client = new TelnyxClient({
  baseUrl: sandbox.url,
  apiKey: 'KEY_walk',
  userAgent: 'walk-memory',
  timeoutMs: 30_000,
  maxRetries: 0,
});
let t = tracker('client.paginate (250 per page)');
let started = Date.now();
let n = 0;
for await (const _ of client.paginate(byName.get('porting_number_list'), {})) {
  if (++n % 100 === 0) t.tick();
}
t.done(n, Date.now() - started);
await client.close();

const server = createServer({ apiKey: 'KEY_walk', baseUrl: sandbox.url });
const mcp = new Client({ name: 'walk-memory', version: '1.0.0' });
const [a, b] = InMemoryTransport.createLinkedPair();
await server.connect(b);
await mcp.connect(a);
t = tracker('MCP resources/list (100 per page)');
started = Date.now();
n = 0;
let cursor;
do {
  const page = await mcp.listResources(cursor ? { cursor } : {});
  n += page.resources.length;
  cursor = page.nextCursor;
  t.tick();
} while (cursor);
t.done(n, Date.now() - started);
await mcp.close();
await server.close();
await sandbox.close();
