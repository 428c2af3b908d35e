/**
 * Runs notebooks with Debian's `jupyter nbconvert --execute` and reads back what they saved. Errors
 * are kept in the outputs (`--allow-errors`) so a test names the failing cell instead of a whole run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Output {
  readonly output_type: 'stream' | 'display_data' | 'execute_result' | 'error' | 'update_display_data';
  readonly name?: string;
  readonly text?: string | string[];
  readonly data?: Record<string, string | string[] | unknown>;
  readonly ename?: string;
  readonly evalue?: string;
}

export interface Cell {
  readonly cell_type: 'code' | 'markdown';
  readonly source: string | string[];
  readonly execution_count?: number | null;
  readonly outputs?: readonly Output[];
}

export interface Notebook {
  readonly cells: readonly Cell[];
}

export interface NbconvertRun {
  readonly code: number | null;
  readonly log: string;
}

const join = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join('') : v ?? '');

/** `jupyter nbconvert --to notebook --execute` of `files` into `outDir` (one process, one kernel per notebook). */
export function nbconvert(files: readonly string[], options: {
  readonly outDir: string; readonly kernel: string; readonly jupyterPath: string; readonly cwd: string;
  readonly stdin?: string; readonly timeoutSec?: number;
}): Promise<NbconvertRun & { stdout: string }> {
  const args = ['nbconvert', '--to', 'notebook', '--execute', '--allow-errors',
    `--ExecutePreprocessor.kernel_name=${options.kernel}`, `--ExecutePreprocessor.timeout=${options.timeoutSec ?? 60}`];
  if (options.stdin !== undefined) args.push('--stdin', '--stdout');
  else args.push('--output-dir', options.outDir, ...files);
  const runtimeDir = mkdtempSync(path.join(tmpdir(), 'keel-nb-runtime-'));
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/jupyter', args, {
      cwd: options.cwd,
      env: {
        ...process.env,
        JUPYTER_PATH: options.jupyterPath,
        JUPYTER_RUNTIME_DIR: runtimeDir,
        PYDEVD_DISABLE_FILE_VALIDATION: '1',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let log = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { log += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      rmSync(runtimeDir, { recursive: true, force: true });
      resolve({ code, log, stdout });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

export function readNotebook(file: string): Notebook {
  return JSON.parse(readFileSync(file, 'utf8')) as Notebook;
}

export const codeCells = (nb: Notebook): Cell[] => nb.cells.filter((c) => c.cell_type === 'code');
export const sourceOf = (cell: Cell): string => join(cell.source);

/** The code cell whose source contains `fragment` (exactly one). */
export function cellWith(nb: Notebook, fragment: string): Cell {
  const found = codeCells(nb).filter((c) => sourceOf(c).includes(fragment));
  if (found.length !== 1) throw new Error(`expected one code cell containing ${JSON.stringify(fragment)}, found ${found.length}`);
  return found[0]!;
}

export function errorsOf(nb: Notebook): string[] {
  return codeCells(nb).flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === 'error')
    .map((o) => `${sourceOf(c).split('\n')[0]} → ${o.ename}: ${o.evalue}`));
}

/** The `text/plain` of a cell's execute_result ('' when it has none). */
export function resultText(cell: Cell): string {
  const r = (cell.outputs ?? []).find((o) => o.output_type === 'execute_result');
  return join(r?.data?.['text/plain'] as string | string[] | undefined);
}

/** Every `text/html` the cell shows (display_data and execute_result). */
export function htmlOf(cell: Cell): string[] {
  return (cell.outputs ?? []).filter((o) => o.data?.['text/html'] !== undefined)
    .map((o) => join(o.data!['text/html'] as string | string[]));
}

export function streamText(cell: Cell, name: 'stdout' | 'stderr' = 'stdout'): string {
  return (cell.outputs ?? []).filter((o) => o.output_type === 'stream' && o.name === name).map((o) => join(o.text)).join('');
}
