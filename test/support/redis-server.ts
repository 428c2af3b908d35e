/**
 * A real redis-server for a test: its own port and data folder (append-only file on, RDB snapshots off),
 * started, waited for (PING answers), stopped and started again on the same port and folder (what a
 * Redis restart under a running node looks like). Tests skip only when redis-server is missing and CI is
 * unset; under CI (`.ci/run` installs it) a missing server fails the test.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export const REDIS_SERVER = '/usr/bin/redis-server';

/** True when redis-server runs here; under CI it must, so this says true and the test fails loudly if not. */
export function redisAvailable(): boolean {
  const ok = spawnSync(REDIS_SERVER, ['--version']).status === 0;
  if (!ok && !process.env.CI) console.warn(`redis-server not found at ${REDIS_SERVER}: Redis tests skipped (apt-get install redis-server; under CI they run)`);
  return ok || Boolean(process.env.CI);
}

export interface TestRedis {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  /** Stop the server (SIGTERM: it writes its append-only file and exits); resolves when it has exited. */
  stop(): Promise<void>;
  /** Kill it (SIGKILL: a crash, even mid `DEBUG SLEEP`, with no reply to anything still unanswered); resolves when it has exited. */
  kill(): Promise<void>;
  /** Start it again on the same port and data folder; resolves when it answers PING. */
  start(): Promise<void>;
  /** Stop it and delete its folder. */
  dispose(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitForPing(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    c.on('error', () => undefined);
    try {
      await c.connect();
      if ((await c.ping()) === 'PONG') return;
    } catch {
      // not up yet
    } finally {
      c.disconnect();
    }
    if (Date.now() > deadline) throw new Error(`redis-server at ${url} did not answer PING within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'keel-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'], { stdio: 'ignore' });
    await waitForPing(url, 10_000);
  };
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill(signal);
    await exited;
  };
  const stop = (): Promise<void> => end('SIGTERM');
  const kill = (): Promise<void> => end('SIGKILL');
  await start();
  return {
    port, url, dir, stop, kill, start,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
