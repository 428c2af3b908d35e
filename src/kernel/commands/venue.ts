import { readFileSync } from 'node:fs';
import { SandboxVenue, isEngineError } from '../../engine/index.js';
import { parseCliArgs } from './cli-args.js';
import type { CliCommand } from './types.js';

/**
 * `keel venue`: the sandbox venue as its own process. Prints its URL, serves until SIGINT/SIGTERM, then
 * stops cleanly (exit 0).
 *   keel venue --port 8787 --instruments AUDUSD.SIM,EURUSD.SIM --accounts accounts.json --data feed.json
 *     [--oms NETTING|HEDGING] [--host 127.0.0.1] [--admin-key K --admin-secret S]
 * `--accounts`: a JSON array of { apiKey, apiSecret, accountId?, omsType?, balances? }.
 * `--data`: a JSON feed config or an array of them (see src/engine/data/feed.ts).
 * The admin key may also come from KEEL_VENUE_ADMIN_KEY / KEEL_VENUE_ADMIN_SECRET (keep secrets off
 * command lines in shared machines).
 */
export const venueCommand: CliCommand = {
  summary: 'run the sandbox venue as its own process (--port, --instruments, --accounts FILE, --data FILE)',
  usage: [
    'usage: keel venue [--port N] [--host H] [--instruments A,B] [--accounts FILE] [--data FILE]',
    '                  [--oms NETTING|HEDGING] [--admin-key K --admin-secret S]',
    '',
    'The sandbox venue (a WebSocket exchange with its own matching engine) as its own process; prints its',
    'URL and serves until SIGINT/SIGTERM, then stops cleanly (exit 0).',
    '',
    '  --port N         port to listen on (default 8787; 0 picks a free one)',
    '  --host H         address to bind (default 127.0.0.1)',
    '  --instruments    comma-separated instrument ids (default: the built-in SIM instruments)',
    '  --accounts FILE  JSON array of { apiKey, apiSecret, accountId?, omsType?, balances? }',
    '  --data FILE      JSON feed config, or an array of them (src/engine/data/feed.ts)',
    '  --oms            the accounts\' default OMS type: NETTING (default) or HEDGING',
    '  --admin-key K, --admin-secret S   the admin channel\'s key (or KEEL_VENUE_ADMIN_KEY/_SECRET)',
  ].join('\n'),
  async run(args) {
    const { values } = parseCliArgs('keel venue', args, {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      instruments: { type: 'string' },
      accounts: { type: 'string' },
      data: { type: 'string' },
      oms: { type: 'string', default: 'NETTING' },
      'admin-key': { type: 'string' },
      'admin-secret': { type: 'string' },
    });
    const adminKey = values['admin-key'] ?? process.env.KEEL_VENUE_ADMIN_KEY;
    const adminSecret = values['admin-secret'] ?? process.env.KEEL_VENUE_ADMIN_SECRET;
    let venue: SandboxVenue;
    try {
      venue = await SandboxVenue.start({
        port: Number(values.port),
        host: values.host!,
        omsType: values.oms as 'NETTING' | 'HEDGING',
        ...(values.instruments ? { instruments: values.instruments.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
        ...(values.accounts ? { accounts: JSON.parse(readFileSync(values.accounts, 'utf8')) } : {}),
        ...(values.data ? { feed: JSON.parse(readFileSync(values.data, 'utf8')) } : {}),
        ...(adminKey && adminSecret ? { admin: { apiKey: adminKey, apiSecret: adminSecret } } : {}),
      });
    } catch (e) {
      console.error(`keel venue: ${isEngineError(e) ? `${e.code}: ${e.message}` : (e as Error).message}`);
      return 1;
    }
    console.log(`keel venue listening on ${venue.url}`);
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        console.log(`keel venue: ${signal}, stopping`);
        resolve();
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    await venue.stop();
    console.log('keel venue: stopped');
    return 0;
  },
};
