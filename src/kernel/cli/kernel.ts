/**
 * `keel kernel run --connection-file F`: run keel's Jupyter kernel (what kernel.json starts).
 * `keel kernel install [--user | --prefix P] [--name N]`: register the kernelspec with Jupyter.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findProjectRoot } from '../../engine/data/project-root.js';
import { parseCliArgs } from './cli-args.js';
import type { CliCommand } from './types.js';

// The kernelspec is not compiled: from dist/ it is still the folder under the checkout's src/.
const SPEC_DIR = path.join(findProjectRoot(import.meta.url), 'src/kernel/jupyter/kernelspec/keel/');
const JUPYTER = existsSync('/usr/bin/jupyter') ? '/usr/bin/jupyter' : 'jupyter';

const USAGE = 'usage: keel kernel run --connection-file FILE | keel kernel install [--user | --prefix DIR] [--name NAME]';


async function run(args: string[]): Promise<number | void> {
  const { values } = parseCliArgs('keel kernel run', args, { 'connection-file': { type: 'string', short: 'f' } });
  const connectionFile = values['connection-file'];
  if (!connectionFile) {
    console.error(`keel kernel run: expected --connection-file FILE, received: ${args.join(' ') || 'nothing'}\n${USAGE}`);
    return 2;
  }
  const { startKernel } = await import('../jupyter/kernel.js');
  await startKernel({ connectionFile });
}

/**
 * The committed kernel.json finds its launcher through {resource_dir}; an installed copy lives
 * elsewhere, so its argv gets absolute paths to this checkout and to this node.
 */
function install(args: string[]): number {
  const { values } = parseCliArgs('keel kernel install', args, { user: { type: 'boolean', default: false }, prefix: { type: 'string' }, name: { type: 'string' } });
  const prefix = values.prefix;
  const name = values.name ?? 'keel';
  const spec = JSON.parse(readFileSync(path.join(SPEC_DIR, 'kernel.json'), 'utf8')) as { argv: string[] };
  spec.argv = spec.argv.map((arg, i) =>
    i === 0 ? process.execPath : arg.replace('{resource_dir}', SPEC_DIR.replace(/\/$/, '')));
  const staging = mkdtempSync(path.join(tmpdir(), 'keel-kernelspec-'));
  try {
    const dir = path.join(staging, name);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'kernel.json'), `${JSON.stringify(spec, null, 2)}\n`);
    const where = values.user ? ['--user'] : prefix ? ['--prefix', prefix] : [];
    const result = spawnSync(JUPYTER, ['kernelspec', 'install', dir, '--name', name, ...where], { stdio: 'inherit' });
    if (result.error) {
      console.error(`keel kernel install: expected Jupyter at ${JUPYTER}, received: ${result.error.message}`);
      return 1;
    }
    return result.status ?? 1;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export const kernelCommand: CliCommand = {
  summary: 'the Jupyter kernel: `kernel install [--user|--prefix P]`, `kernel run --connection-file F`',
  usage: [
    USAGE,
    '',
    '  install   register the "keel (TypeScript)" kernelspec with Jupyter (--user: for this user;',
    '            --prefix DIR: under DIR; --name NAME: another kernel name, default keel)',
    '  run       run the kernel on a Jupyter connection file (what kernel.json starts)',
  ].join('\n'),
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === 'run') return run(rest);
    if (sub === 'install') return install(rest);
    console.error(`keel kernel: expected 'run' or 'install', received: ${sub ?? 'nothing'}\n${USAGE}`);
    return 2;
  },
};
