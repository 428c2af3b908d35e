/**
 * Runs one of ./py/*.py with Debian's Python and jupyter_client against the committed kernelspec
 * (JUPYTER_PATH, no install step) and returns the JSON it reported on its `RESULT` line.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../../..');
/** Holds `kernels/keel` (a committed symlink to `kernelspec/`), which is what JUPYTER_PATH wants. */
export const JUPYTER_DATA_DIR = path.join(REPO, 'src/kernel/jupyter');

export const jupyterMissing = !existsSync('/usr/bin/jupyter') || !existsSync('/usr/bin/python3');
/** Skip only on a developer machine without Jupyter; in CI a missing Jupyter must fail the run. */
export const skipJupyter = jupyterMissing && !process.env['CI'];
if (skipJupyter) {
  console.warn('test/kernel/jupyter: SKIPPED: /usr/bin/jupyter is not installed (apt-get install python3-jupyter-client '
    + 'python3-nbclient python3-nbformat jupyter-nbconvert jupyter-client python3-jupyter-kernel-test); CI runs them.');
}

/** Debian's python3-jupyter-kernel-test (the protocol conformance suite); only that one test needs it. */
const kernelTestMissing = !existsSync('/usr/lib/python3/dist-packages/jupyter_kernel_test');
export const skipKernelTestSuite = kernelTestMissing && !process.env['CI'];
if (skipKernelTestSuite && !skipJupyter) {
  console.warn('test/kernel/jupyter: the jupyter_kernel_test suite is SKIPPED: python3-jupyter-kernel-test is not installed (apt-get install python3-jupyter-kernel-test); CI runs it.');
}

export interface ScriptRun<T> {
  readonly result: T;
  readonly output: string;
}

export interface RunOptions {
  /** Extra environment for the script (e.g. the URL of a venue running in the test process). */
  readonly env?: Record<string, string>;
  readonly args?: readonly string[];
  /** When the script prints the line `mark`, `answer` runs and its text goes to the script's stdin. */
  readonly at?: { readonly mark: string; answer(): string | Promise<string> };
}

export function runPython<T>(script: string, options: RunOptions = {}): Promise<ScriptRun<T>> {
  const { env = {}, args = [], at } = options;
  const runtimeDir = mkdtempSync(path.join(tmpdir(), 'keel-jupyter-runtime-'));
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', [path.join(HERE, 'py', script), ...args], {
      cwd: path.join(HERE, 'py'),
      env: {
        ...process.env,
        JUPYTER_PATH: JUPYTER_DATA_DIR,
        JUPYTER_RUNTIME_DIR: runtimeDir,
        PYDEVD_DISABLE_FILE_VALIDATION: '1',
        PYTHONUNBUFFERED: '1',
        ...env,
      },
      stdio: [at ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let answered = false;
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (at && !answered && output.split('\n').includes(at.mark)) {
        answered = true;
        void Promise.resolve(at.answer()).then((text) => child.stdin!.write(`${text}\n`));
      }
    });
    child.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      rmSync(runtimeDir, { recursive: true, force: true });
      const line = output.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) {
        reject(new Error(`expected ${script} to report a RESULT line, it exited with ${code}:\n${output}`));
        return;
      }
      resolve({ result: JSON.parse(line.slice('RESULT '.length)) as T, output });
    });
  });
}
