/** The Jupyter kernel's session records a live change made in a cell as the notebook's (source 'notebook'). */
import { afterAll, describe, expect, it } from 'vitest';
import { startKernelSession, type KernelSession } from '../../../src/kernel/jupyter/kernel-session.js';
import { createEvaluator } from '../../../src/kernel/eval/index.js';

let ks: KernelSession | undefined;
afterAll(async () => {
  await ks?.stop();
});

describe('kernel session live config', () => {
  it('a cell that configures the exec engine and then undoes it is audited with source notebook', { timeout: 30_000 }, async () => {
    ks = startKernelSession(createEvaluator());

    const changed = await ks.evaluator.evaluate('const c = await node.execEngine.configure({ inflightCheckRetries: 4 }); c.source');
    const undone = await ks.evaluator.evaluate('(await node.revert(c.changeId)).source');
    const session = await ks.ready;

    expect([changed.value, undone.value]).toEqual(['notebook', `notebook (revert ${session!.node.configChanges[0]!.changeId})`]);
    expect(session!.node.execEngine.config['inflightCheckRetries']).toBe(5);
  });
});
