/**
 * `keel attach URL`: the REPL over a deployed node's control endpoint (docs/control-protocol.md). The key
 * comes from the environment: KEEL_CONTROL_KEY (key id) and KEEL_CONTROL_SECRET. `.exit` detaches; the
 * node keeps running.
 */
import { isEngineError } from '../../engine/index.js';
import { attach } from '../control/attach.js';
import { createAttachedSession } from '../control/attached-session.js';
import { startKeelRepl } from '../dot-commands/index.js';
import { parseCliArgs } from './cli-args.js';
import type { CliCommand } from './types.js';

export const attachCommand: CliCommand = {
  summary: "a REPL on a deployed node's control endpoint (keel attach ws://HOST:PORT)",
  usage: [
    'usage: keel attach URL',
    '',
    'Attach to a node started by `keel node run` whose node.json enables control. The key id and secret',
    'come from KEEL_CONTROL_KEY and KEEL_CONTROL_SECRET. .orders, .positions, .config, .config undo and',
    '.recon work over the node; `node` in a cell is the attached node. .exit detaches (the node keeps running).',
  ].join('\n'),
  async run(args) {
    const url = parseCliArgs('keel attach', args, {}, true).positionals[0];
    if (!url || !/^wss?:\/\/\S+$/.test(url)) {
      console.error(`keel attach: expected a ws:// URL, received ${url === undefined ? 'nothing' : `'${url}'`}`);
      return 2;
    }
    const keyId = process.env['KEEL_CONTROL_KEY'];
    const secret = process.env['KEEL_CONTROL_SECRET'];
    if (!keyId || !secret) {
      console.error(`keel attach: expected KEEL_CONTROL_KEY and KEEL_CONTROL_SECRET in the environment, received ${[!keyId ? 'KEEL_CONTROL_KEY' : '', !secret ? 'KEEL_CONTROL_SECRET' : ''].filter(Boolean).join(' and ')} unset`);
      return 2;
    }
    let node;
    try {
      node = await attach(url, { keyId, secret });
    } catch (e) {
      console.error(`keel attach: ${isEngineError(e) ? `${e.code}: ${e.message}` : (e as Error).message}`);
      return 1;
    }
    process.stdout.write(`attached to ${node.traderId} at ${url} as ${node.keyId} (${node.role}); ${node.cache.orders().length} orders, ${node.configChanges.length} config changes. .exit detaches.\n`);
    const handle = startKeelRepl(createAttachedSession(node), { historyFile: null });
    await handle.closed;
    process.stdout.write(`detached from ${url}; the node keeps running\n`);
    setTimeout(() => process.exit(0), 500).unref();
    return 0;
  },
};
