/**
 * Value → MIME bundle for execute_result and display(). The display layer decides for keel's own
 * values; everything else (and anything it declines) gets util.inspect text.
 */
import { inspect } from 'node:util';
import type { MimeBundle } from './handler.js';

/** The display layer's `toMimeBundle` (its bundle is an interface, so typed loosely here). */
export type ToMimeBundle = (value: unknown) => object | undefined | Promise<object | undefined>;

export function plainBundle(value: unknown): MimeBundle {
  return { 'text/plain': inspect(value, { depth: 4, colors: false, maxArrayLength: 200 }) };
}

/** Async because a chart's SVG renders asynchronously; every other value's bundle is ready at once. */
export function makeRenderer(toMimeBundle?: ToMimeBundle): (value: unknown) => Promise<MimeBundle> {
  return async (value) => {
    let bundle: MimeBundle | undefined;
    try {
      bundle = (await toMimeBundle?.(value)) as MimeBundle | undefined;
    } catch {
      // A renderer bug must not turn a good cell into an error; the plain text still shows the value.
      bundle = undefined;
    }
    if (!bundle || typeof bundle['text/plain'] !== 'string') return { ...bundle, ...plainBundle(value) };
    return bundle;
  };
}
