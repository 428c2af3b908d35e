import { z } from 'zod';

/**
 * Field builders shared by the config schemas. Each custom error text is the *expectation* phrase
 * ("a non-negative integer"), which `parseConfig` prints as `key: expected <phrase>, received <value>`.
 */
export const NON_NEGATIVE_INTEGER = 'a non-negative integer';

export function nonNegativeInt(): z.ZodNumber {
  const e = { error: NON_NEGATIVE_INTEGER };
  return z.number(e).int(e).min(0, e);
}

export function intAtLeast(min: number): z.ZodNumber {
  const e = { error: `an integer >= ${min}` };
  return z.number(e).int(e).min(min, e);
}

export function bool(): z.ZodBoolean {
  return z.boolean({ error: 'true or false' });
}

export function nonEmptyString(what = 'a non-empty string'): z.ZodString {
  return z.string({ error: what }).min(1, { error: what });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `one of ${values.map((v) => `'${v}'`).join(', ')}` });
}

export function stringList(what = 'a list of strings') {
  return z.array(nonEmptyString(), { error: what });
}

/** A decimal written as a string (exact: never a JS number), e.g. '1000000' or '2500.50'. */
export function nonNegativeDecimalString() {
  const what = "a non-negative decimal string like '1000000.00'";
  return z.string({ error: what }).regex(/^\d+(\.\d+)?$/, { error: what });
}
