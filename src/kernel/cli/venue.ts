import { sharedInstruments } from '../../engine/data/instrument-file.js';
import { readFileSync } from 'node:fs';
import { isEngineError } from '../../engine/index.js';
import { SandboxVenue, parseFeedConfig, type FeedConfig } from '../../sandbox/index.js';
import { parseCliArgs } from './cli-args.js';
import type { CliCommand } from './types.js';
import { SANDBOX_DEFAULT_PORT, SANDBOX_DEMO_ACCOUNT, SANDBOX_DEMO_INSTRUMENT, defaultFeed } from '../sandbox-defaults.js';

/**
 * `keel venue`: the sandbox venue as its own process. With no flags it is the market `npm start` embeds
 * (the recorded BTC bars replayed on BTCUSDT-PERP.SIM, one bar a second) with the public demo account
 * keel-demo / keel-demo-secret; it prints its URL, instruments, accounts and feed, serves until
 * SIGINT/SIGTERM, then stops cleanly (exit 0). The admin key may also come from KEEL_VENUE_ADMIN_KEY /
 * KEEL_VENUE_ADMIN_SECRET (keep secrets off command lines on shared machines).
 */
export const venueCommand: CliCommand = {
  summary: 'run the sandbox venue as its own process (recorded BTC bars and a demo account by default)',
  usage: [
    'usage: keel venue [--port N] [--host H] [--instruments A,B] [--accounts FILE] [--data FILE | --speed N]',
    '                  [--oms NETTING|HEDGING] [--admin-key K --admin-secret S]',
    '',
    'The sandbox venue (a WebSocket exchange with its own matching engine) as its own process. It prints',
    'its URL, instruments, accounts and feed, serves until SIGINT/SIGTERM, then stops cleanly (exit 0).',
    'Without flags: ws://127.0.0.1:8787, the recorded BTC perpetual 1-minute bars replayed on',
    'BTCUSDT-PERP.SIM (one bar a second, looping) and one account with the public sandbox keys',
    'keel-demo / keel-demo-secret (USDT and USD 1,000,000).',
    '',
    '  --port N         port to listen on (default 8787; 0 picks a free one)',
    '  --host H         address to bind (default 127.0.0.1)',
    '  --instruments    comma-separated instrument ids (default: the built-in SIM instruments and',
    '                   those of the shared data folder)',
    '  --accounts FILE  JSON array of { "apiKey", "apiSecret", "accountId"?, "omsType"?, "balances"?,',
    '                   "accountType"? ("CASH" | "MARGIN", default MARGIN), "defaultLeverage"? (10),',
    '                   "leverage"? ({ instrumentId: n }), "maintenanceRate"? (0.5 of initial margin) },',
    '                   e.g. [{ "apiKey": "k", "apiSecret": "s", "balances": { "USDT": "1000000" } }]',
    '  --data FILE      the market data feed: a JSON feed config or an array of them, one of',
    '                   { "kind": "replay", "source": "btc-perp-1m" | "eurusd-quotes" | "/path/bars.csv",',
    '                     "instrumentId": "BTCUSDT-PERP.SIM", "speed"?: 60, "loop"?: true }',
    '                   { "kind": "random-walk", "instrumentId": "AUDUSD.SIM", "start": "0.70000",',
    '                     "seed"?: 1, "intervalMs"?: 100 }',
    '                   { "kind": "none" }',
    '                   (a CSV source has the bar columns timestamp,open,high,low,close,volume)',
    '  --speed N        replay speed of the default feed (default 60: one 1-minute bar a second)',
    '  --oms            the accounts\' default OMS type: NETTING (default) or HEDGING',
    '  --admin-key K, --admin-secret S   the admin channel\'s key (or KEEL_VENUE_ADMIN_KEY/_SECRET)',
  ].join('\n'),
  async run(args) {
    const { values } = parseCliArgs('keel venue', args, {
      port: { type: 'string', default: String(SANDBOX_DEFAULT_PORT) },
      host: { type: 'string', default: '127.0.0.1' },
      instruments: { type: 'string' },
      accounts: { type: 'string' },
      data: { type: 'string' },
      speed: { type: 'string' },
      oms: { type: 'string', default: 'NETTING' },
      'admin-key': { type: 'string' },
      'admin-secret': { type: 'string' },
    });
    const adminKey = values['admin-key'] ?? process.env.KEEL_VENUE_ADMIN_KEY;
    const adminSecret = values['admin-secret'] ?? process.env.KEEL_VENUE_ADMIN_SECRET;
    let venue: SandboxVenue;
    let accounts: { apiKey: string; apiSecret: string; accountId?: string; balances?: Record<string, string>; accountType?: 'CASH' | 'MARGIN' }[];
    let feeds: FeedConfig[];
    let instruments: string[];
    try {
      if (values.data !== undefined && values.speed !== undefined) throw new Error('--speed applies to the default feed; put "speed" in the --data file instead');
      const speed = values.speed === undefined ? undefined : Number(values.speed);
      if (speed !== undefined && !(Number.isFinite(speed) && speed > 0)) throw new Error(`--speed expected a positive number, received ${values.speed}`);
      accounts = values.accounts ? (readJson(values.accounts, '--accounts') as typeof accounts) : [{ ...SANDBOX_DEMO_ACCOUNT, balances: { ...SANDBOX_DEMO_ACCOUNT.balances } }];
      const all = sharedInstruments();
      instruments = values.instruments ? values.instruments.split(',').map((s) => s.trim()).filter(Boolean) : all.all().map((i) => i.id);
      // The default feed replays the demo instrument; a venue listing other instruments only gets none.
      const fallback: FeedConfig = instruments.includes(SANDBOX_DEMO_INSTRUMENT) ? defaultFeed(speed) : { kind: 'none' };
      if (speed !== undefined && fallback.kind === 'none') throw new Error(`--speed replays ${SANDBOX_DEMO_INSTRUMENT}, which --instruments does not list`);
      const feedJson = values.data ? readJson(values.data, '--data') : fallback;
      feeds = (Array.isArray(feedJson) ? feedJson : [feedJson]).map((f) => parseFeedConfig(f));
      venue = await SandboxVenue.start({
        port: Number(values.port),
        host: values.host!,
        omsType: values.oms as 'NETTING' | 'HEDGING',
        instruments,
        accounts,
        feed: feeds,
        ...(adminKey && adminSecret ? { admin: { apiKey: adminKey, apiSecret: adminSecret } } : {}),
      });
    } catch (e) {
      console.error(`keel venue: ${isEngineError(e) ? `${e.code}: ${e.message}` : (e as Error).message}`);
      return 1;
    }
    console.log(`keel venue listening on ${venue.url}`);
    console.log(`  instruments  ${instruments.join(', ')}`);
    accounts.forEach((a, i) => {
      const id = a.accountId ?? `SIM-${String(i + 1).padStart(3, '0')}`;
      // The demo keys are public (README); keys from a file are the user's and only the key id is shown.
      const secret = a.apiKey === SANDBOX_DEMO_ACCOUNT.apiKey && a.apiSecret === SANDBOX_DEMO_ACCOUNT.apiSecret ? ` / ${a.apiSecret}` : '';
      console.log(`  account      ${id}: key ${a.apiKey}${secret}, balances ${Object.entries(a.balances ?? { USD: '1000000', USDT: '1000000' }).map(([c, v]) => `${v} ${c}`).join(', ')}${a.accountType === 'CASH' ? ' (CASH account)' : ''}`);
    });
    for (const f of feeds) console.log(`  feed         ${describeFeed(f)}`);
    if (adminKey && adminSecret) console.log(`  admin        key ${adminKey}`);
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

function readJson(file: string, flag: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${flag} expected a readable JSON file, received ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new Error(`${flag} expected JSON in ${file}, received: ${(e as Error).message}`);
  }
}

function describeFeed(f: FeedConfig): string {
  switch (f.kind) {
    case 'replay':
      return `replay ${f.source} on ${f.instrumentId}${f.speed !== undefined ? ` at speed ${f.speed}` : ""}${f.loop ? ", looping" : ""}`;
    case 'random-walk':
      return `random walk on ${f.instrumentId} from ${f.start}${f.seed !== undefined ? `, seed ${f.seed}` : ''}`;
    case 'none':
      return 'none (quotes only through controls)';
  }
}
