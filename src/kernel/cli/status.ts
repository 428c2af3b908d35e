/**
 * `keel status`: what this install can do, checked rather than claimed — the engine's build, the
 * recorded market data, Jupyter and keel's kernelspec, tmux. Exit 1 when something `npm start` needs is
 * missing, with the fix on the same line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findProjectRoot } from '../../engine/data/project-root.js';
import { sharedDataDir } from '../../engine/data/instrument-file.js';
import { parseCliArgs } from './cli-args.js';
import type { CliCommand } from './types.js';

interface Check {
  readonly what: string;
  readonly ok: boolean;
  readonly detail: string;
  /** Needed by `npm start`; the others only by notebooks or the test suite. */
  readonly required: boolean;
}

const DATA_FILES = ['btc-perp-20211231-20220201_1m.csv', 'eurusd-quotes-20200101.csv', 'crypto_instruments.json'];

function which(command: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

async function checks(): Promise<Check[]> {
  const root = findProjectRoot();
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  const dist = (await import(pathToFileURL(path.join(root, 'bin/dist.js')).href)) as { distStatus(): { fresh: boolean; reason?: string | null } };
  const build = dist.distStatus();
  const dataDir = sharedDataDir();
  const missing = DATA_FILES.filter((f) => !existsSync(path.join(dataDir, f)));
  const jupyter = existsSync('/usr/bin/jupyter') ? '/usr/bin/jupyter' : which('jupyter');
  let kernelspec = 'not registered (JUPYTER_PATH=$PWD/src/kernel/jupyter, or keel kernel install --user)';
  if (jupyter) {
    const list = spawnSync(jupyter, ['kernelspec', 'list', '--json'], { encoding: 'utf8' });
    const specs = list.status === 0 ? (JSON.parse(list.stdout) as { kernelspecs: Record<string, { resource_dir: string }> }).kernelspecs : {};
    if (specs['keel']) kernelspec = `registered at ${specs['keel'].resource_dir}`;
  }
  const tmux = which('tmux');
  return [
    { what: 'keel', ok: true, detail: `${pkg.version} in ${root}`, required: true },
    { what: 'node', ok: major > 20 || (major === 20 && minor >= 11), detail: `${process.versions.node} (expected >= 20.11)`, required: true },
    { what: 'build', ok: build.fresh, detail: build.fresh ? 'dist/ is fresh: the REPL starts compiled' : `${build.reason ?? 'KEEL_FROM_SOURCE=1'}: the REPL runs from src/ (slower start)`, required: false },
    {
      what: 'market data', ok: missing.length === 0, required: true,
      detail: missing.length === 0 ? `${dataDir}` : `missing ${missing.join(', ')} in ${dataDir} (put ../shared beside the checkout or set KEEL_DATA_DIR)`,
    },
    { what: 'jupyter', ok: jupyter !== null, detail: jupyter ?? 'not found (apt-get install jupyter-client python3-nbclient jupyter-nbconvert)', required: false },
    { what: 'kernelspec', ok: kernelspec.startsWith('registered'), detail: kernelspec, required: false },
    { what: 'tmux', ok: tmux !== null, detail: tmux ?? 'not found (the REPL tests need it: apt-get install tmux)', required: false },
  ];
}

export const statusCommand: CliCommand = {
  summary: 'check this install: build, recorded data, Jupyter, kernelspec, tmux',
  usage: [
    'usage: keel status [--json]',
    '',
    'Checks what this install can do: the compiled build, the recorded market data (../shared/data or',
    'KEEL_DATA_DIR), Jupyter and keel\'s kernelspec, tmux. Exit 1 when something `npm start` needs is missing.',
  ].join('\n'),
  async run(args) {
    const { values } = parseCliArgs('keel status', args, { json: { type: 'boolean', default: false } });
    const found = await checks();
    const failed = found.some((c) => c.required && !c.ok);
    if (values.json) {
      console.log(JSON.stringify({ ok: !failed, checks: found }));
    } else {
      const width = Math.max(...found.map((c) => c.what.length));
      for (const c of found) console.log(`${c.ok ? 'ok  ' : c.required ? 'FAIL' : 'no  '}  ${c.what.padEnd(width)}  ${c.detail}`);
    }
    return failed ? 1 : 0;
  },
};
