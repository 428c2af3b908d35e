/**
 * A session in its own process, for the isolation tests: `createSession` against the test's venue (its
 * URL in VENUE_URL), inline or isolated (ISOLATION), with the strategy in STRATEGY_FILE (class
 * STRATEGY_CLASS). Reads one JSON command a line on stdin ({ cell } | { cmd: 'detach' | 'stop' | 'orders' })
 * and answers with one JSON line each on stdout. `mark(name)` in a cell prints { mark, t } at once.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createSession, type Isolation } from '../../../src/kernel/session.js';
import type { SandboxVenue } from '../../../src/sandbox/index.js';

const out = (o: Record<string, unknown>): void => { process.stdout.write(`${JSON.stringify(o)}\n`); };
const isolation = (process.env['ISOLATION'] ?? 'inline') as Isolation;
const source = readFileSync(process.env['STRATEGY_FILE']!, 'utf8');
const className = process.env['STRATEGY_CLASS']!;
const config = JSON.parse(process.env['STRATEGY_CONFIG'] ?? '{}') as Record<string, unknown>;
// The venue runs in the test's process (a blocked cell must not block it): only its URL is used here.
const venue = { url: process.env['VENUE_URL']!, stop: async () => undefined } as unknown as SandboxVenue;

const session = await createSession({
  venue, apiKey: 'k', apiSecret: 's', isolation,
  ...(isolation === 'process' ? { nodeStrategies: [{ source, className, config }] } : {}),
  globals: { mark: (name: string) => out({ mark: name, t: Date.now() }) },
});
if (isolation === 'inline') {
  // The same class, added by a cell (the evaluator resolves 'keel' as the node folder's loader does).
  await session.evaluator.evaluate(`${source.replace(/^export /m, '')}\nnode.addStrategy(new ${className}(${JSON.stringify(config)}));`);
}
out({ ready: true, pid: process.pid, nodePid: (session.node as { pid?: number }).pid ?? null, nodeDir: (session.node as { dir?: string }).dir ?? null });

for await (const line of createInterface({ input: process.stdin })) {
  const m = JSON.parse(line) as { cell?: string; cmd?: string };
  try {
    if (m.cell !== undefined) {
      await session.evaluator.evaluate(m.cell);
      out({ cellDone: true, t: Date.now() });
    } else if (m.cmd === 'detach') {
      out({ detached: await session.detach() });
    } else if (m.cmd === 'orders') {
      out({ orders: session.node.cache.orders().map((o) => [o.clientOrderId, o.status]), nodePid: (session.node as { pid?: number }).pid ?? null });
    } else if (m.cmd === 'stop') {
      const report = await session.stop();
      out({ stopped: report.kind });
      process.exit(0);
    }
  } catch (e) {
    out({ error: (e as Error).message });
  }
}
