/**
 * A deployable node folder written by hand (strategy.ts, node.json, package.json) for tests that run
 * `keel node run` as a child against a sandbox venue: crash recovery, journal recovery.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const NODE_ENV = { KEEL_SIM_API_KEY: 'k', KEEL_SIM_API_SECRET: 's' };

/** What the node persists to: its journal folder (the default) or a Redis. */
export type NodePersistence = { kind: 'journal'; dir: string } | { kind: 'redis'; url: string };

export function writeNodeFolder(dir: string, url: string, strategy: { source: string; className: string; packageName: string }, persistence: NodePersistence = { kind: 'journal', dir: 'journal' }): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: strategy.packageName, private: true, type: 'module' }));
  writeFileSync(join(dir, 'strategy.ts'), strategy.source);
  writeFileSync(join(dir, 'node.json'), JSON.stringify({
    traderId: 'TRADER-001',
    venues: [{ venue: 'SIM', url, apiKeyEnv: 'KEEL_SIM_API_KEY', apiSecretEnv: 'KEEL_SIM_API_SECRET' }],
    execEngine: { reconciliationStartupDelaySecs: 0, inflightCheckIntervalMs: 0, openCheckIntervalSecs: 0 },
    riskEngine: { maxOrderSubmitRate: '1000/00:00:01' },
    strategies: [{ module: './strategy.ts', className: strategy.className, config: { orderIdTag: '001', omsType: 'NETTING' } }],
    persistence,
    shutdownPolicy: 'leave',
  }, null, 2));
}
