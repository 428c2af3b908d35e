import { z } from 'zod';
import { bool, nonEmptyString, nonNegativeInt } from './fields.js';
import { CONFIG_SOURCES } from './config-change.js';

const KEY_ID = "a key id of letters, digits, '.', '_' or '-' (e.g. 'ops')";
const keyId = () => z.string({ error: KEY_ID }).regex(/^[A-Za-z0-9._-]{1,64}$/, { error: KEY_ID });

/**
 * A deployed node's control endpoint (what `keel attach` reaches). Off unless enabled; loopback unless a
 * host is named. Secrets are never in node.json: `keyEnv` / `readOnlyKeyEnv` name the environment
 * variables that hold them, as the venue's keys do. The read-only key may only read (snapshot, events).
 */
export const ControlConfigSchema = z
  .object({
    enabled: bool().default(false),
    host: nonEmptyString('a host name or address (default 127.0.0.1)').default('127.0.0.1'),
    /** 0: any free port (the node logs the URL it listens on). */
    port: nonNegativeInt().max(65535, { error: 'a port 0..65535' }).default(0),
    keyId: keyId().default('operator'),
    keyEnv: nonEmptyString('an environment variable name').default('KEEL_CONTROL_SECRET'),
    readOnlyKeyId: keyId().default('watcher'),
    /** Unset: no read-only key. */
    readOnlyKeyEnv: nonEmptyString('an environment variable name').optional(),
    /**
     * The operator key's changes are audited under this source instead of `attach:KEY-ID`: a REPL or
     * notebook session whose node runs in its own process sets its own ('repl', 'notebook'), so the
     * audit says who typed the change, as when the node ran in the session.
     */
    auditAs: z.enum(CONFIG_SOURCES, { error: `one of ${CONFIG_SOURCES.join(', ')}` }).optional(),
  })
  .strict();

export type ControlConfig = z.output<typeof ControlConfigSchema>;
export type ControlConfigInput = z.input<typeof ControlConfigSchema>;
