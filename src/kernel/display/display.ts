/**
 * `display(value)`: show a value wherever the code is running.
 *
 * 1. Inside keel's own Jupyter kernel: the kernel registers a hook at
 *    `globalThis[Symbol.for('keel.kernel.display')]` (type `KernelDisplayHook`) which sends
 *    `display_data`, or `update_display_data` when `update` is true, with the display id in `transient`.
 *    A global symbol, not an import, so that a second copy of keel loaded by a notebook still finds it.
 * 2. Under stock tslab: tslab is not a dependency and is never imported statically. We find the copy
 *    tslab's kernel already loaded (in `require.cache`, or through `globalThis[Symbol.for('keel.tslab')]`
 *    when a user sets it: `globalThis[Symbol.for('keel.tslab')] = require('tslab')`), then call its
 *    `display.html(...)`, or, for a display id, a `newDisplay()` kept per id (tslab sends
 *    `update_display_data` from a Display's second call on).
 * 3. Otherwise (terminal, scripts): `renderText` on the console; an update is printed only when its
 *    text changed, so a live view in a terminal does not repeat itself.
 */
import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { escapeHtml } from './render-html.js';
import { colorsEnabled, renderText } from './render-text.js';
import { displayBundle, needsAsyncBundle, toMimeBundleAsync, type MimeBundle } from './mime.js';

export const KERNEL_DISPLAY_HOOK: unique symbol = Symbol.for('keel.kernel.display') as never;
export const TSLAB_MODULE_KEY: unique symbol = Symbol.for('keel.tslab') as never;

export interface KernelDisplayOptions {
  /** Jupyter `transient.display_id`; set for displays that are updated later. */
  readonly displayId?: string;
  /** true: `update_display_data` (replace the output with this display id); false: `display_data`. */
  readonly update: boolean;
}

/** What keel's Jupyter kernel registers at `globalThis[KERNEL_DISPLAY_HOOK]`. */
export type KernelDisplayHook = (bundle: MimeBundle, options: KernelDisplayOptions) => void;

export interface DisplayOptions {
  readonly displayId?: string;
  readonly update?: boolean;
}

export type DisplayRoute = 'kernel' | 'tslab' | 'console';

type GlobalSlots = Record<symbol, unknown>;

/** For the kernel: install the hook; returns a function that removes it (only if still ours). */
export function registerKernelDisplayHook(hook: KernelDisplayHook): () => void {
  (globalThis as GlobalSlots)[KERNEL_DISPLAY_HOOK] = hook;
  return () => {
    if ((globalThis as GlobalSlots)[KERNEL_DISPLAY_HOOK] === hook) delete (globalThis as GlobalSlots)[KERNEL_DISPLAY_HOOK];
  };
}

function kernelHook(): KernelDisplayHook | undefined {
  const hook = (globalThis as GlobalSlots)[KERNEL_DISPLAY_HOOK];
  return typeof hook === 'function' ? (hook as KernelDisplayHook) : undefined;
}

/** The part of tslab's public API we use (tslab/src/public.ts). */
interface TslabDisplay {
  html(s: string): void;
}
interface TslabModule {
  display: TslabDisplay;
  newDisplay(): TslabDisplay;
}

function isTslabModule(m: unknown): m is TslabModule {
  const t = m as Partial<TslabModule> | null;
  return (
    typeof t === 'object' && t !== null && typeof t.newDisplay === 'function' &&
    typeof t.display === 'object' && t.display !== null && typeof t.display.html === 'function'
  );
}

function findTslab(): TslabModule | undefined {
  const given = (globalThis as GlobalSlots)[TSLAB_MODULE_KEY];
  if (isTslabModule(given)) return given;
  // Only look when a tslab kernel is plausibly the host: its module is loaded or it is the main script.
  try {
    const cache = createRequire(import.meta.url).cache;
    for (const [file, mod] of Object.entries(cache)) {
      if (/[\\/]tslab[\\/]dist[\\/](public|index)\.js$/.test(file) && isTslabModule(mod?.exports)) return mod!.exports;
    }
    const main = process.argv[1];
    if (main !== undefined && /[\\/]tslab[\\/]/.test(main)) {
      const loaded: unknown = createRequire(main)('tslab');
      if (isTslabModule(loaded)) return loaded;
    }
  } catch {
    // Not under tslab, or its layout changed: fall through to the console.
  }
  return undefined;
}

const tslabDisplays = new Map<string, TslabDisplay>();
const consoleLast = new Map<string, string>();

function showInTslab(tslab: TslabModule, bundle: MimeBundle, options: DisplayOptions): void {
  // tslab sends one MIME type per call: HTML, or the text in a <pre>.
  const html = bundle['text/html'] ?? `<pre>${escapeHtml(bundle['text/plain'])}</pre>`;
  if (options.displayId === undefined) {
    tslab.display.html(html);
    return;
  }
  let d = options.update === true ? tslabDisplays.get(options.displayId) : undefined;
  if (d === undefined) {
    d = tslab.newDisplay();
    tslabDisplays.set(options.displayId, d);
  }
  d.html(html);
}

function showOnConsole(value: unknown, options: DisplayOptions): void {
  const colors = colorsEnabled(process.stdout);
  const out = renderText(value, { colors }) ?? inspect(value, { colors });
  if (options.displayId !== undefined) {
    if (options.update === true && consoleLast.get(options.displayId) === out) return;
    consoleLast.set(options.displayId, out);
  }
  console.log(out);
}

/**
 * Displays whose bundle is still rendering (charts' SVG), chained per display id so a live view's first
 * `display_data` always goes out before its updates. The kernel awaits `displaysSettled()` before it
 * ends a cell, so the picture belongs to the cell that made it (nbconvert stops reading at idle).
 */
const rendering = new Set<Promise<void>>();
const lastOfId = new Map<string, Promise<void>>();

export function displaysSettled(): Promise<void> {
  return Promise.all([...rendering]).then(() => undefined);
}

function showAsync(value: unknown, options: DisplayOptions, send: (bundle: MimeBundle) => void): void {
  const before = options.displayId !== undefined ? lastOfId.get(options.displayId) : undefined;
  const job: Promise<void> = (async () => {
    await before;
    let bundle: MimeBundle;
    try {
      bundle = (await toMimeBundleAsync(value)) ?? displayBundle(value);
    } catch (error) {
      // A chart that fails to render still shows as text, with why the picture is missing.
      bundle = { ...displayBundle(value), 'text/plain': `${displayBundle(value)['text/plain']}\n(chart not rendered: ${error instanceof Error ? error.message : String(error)})` };
    }
    send(bundle);
  })();
  rendering.add(job);
  if (options.displayId !== undefined) lastOfId.set(options.displayId, job);
  void job.finally(() => {
    rendering.delete(job);
    if (options.displayId !== undefined && lastOfId.get(options.displayId) === job) lastOfId.delete(options.displayId);
  });
}

/** Show `value` (see the module comment for where); returns the route taken. */
export function display(value: unknown, options: DisplayOptions = {}): DisplayRoute {
  const hook = kernelHook();
  if (hook !== undefined && needsAsyncBundle(value)) {
    const opts = { ...(options.displayId !== undefined ? { displayId: options.displayId } : {}), update: options.update === true };
    showAsync(value, options, (bundle) => hook(bundle, opts));
    return 'kernel';
  }
  if (hook !== undefined) {
    hook(displayBundle(value), {
      ...(options.displayId !== undefined ? { displayId: options.displayId } : {}),
      update: options.update === true,
    });
    return 'kernel';
  }
  const tslab = findTslab();
  if (tslab !== undefined && needsAsyncBundle(value)) {
    // tslab shows one MIME type per call: the SVG, as HTML.
    showAsync(value, options, (bundle) => showInTslab(tslab, { 'text/plain': bundle['text/plain'], 'text/html': bundle['image/svg+xml'] ?? `<pre>${escapeHtml(bundle['text/plain'])}</pre>` }, options));
    return 'tslab';
  }
  if (tslab !== undefined) {
    showInTslab(tslab, displayBundle(value), options);
    return 'tslab';
  }
  showOnConsole(value, options);
  return 'console';
}
