/**
 * The control protocol's strategy commands (docs/control-protocol.md): a class's TypeScript source, as
 * `collectSource` extracts it from the session's cells (what `promote` deploys), plus the config to
 * construct it with. `add-strategy` adds it to the node; `replace-strategy` hot-swaps the code of the
 * running strategy `strategyId` with it (same id, orders and contingent links kept).
 */
import { z } from 'zod';

const id = z.string().min(1).max(64);
/** A class name the module exports (also the file name on the node: no path characters). */
const className = z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]{0,127}$/);
/** The module text; bounded below the endpoint's 1 MiB frame limit. */
const source = z.string().min(1).max(512 * 1024);
const config = z.record(z.string(), z.unknown());

export const AddStrategyFrameSchema = z.object({ type: z.literal('add-strategy'), id, className, source, config }).strict();
export const ReplaceStrategyFrameSchema = z.object({ type: z.literal('replace-strategy'), id, strategyId: z.string().min(1).max(128), className, source, config }).strict();

export type AddStrategyFrame = z.infer<typeof AddStrategyFrameSchema>;
export type ReplaceStrategyFrame = z.infer<typeof ReplaceStrategyFrameSchema>;
export type StrategyFrame = AddStrategyFrame | ReplaceStrategyFrame;

/** What `add-strategy` answers: the id the node gave the strategy and every live config (the mirror's). */
export interface AddStrategyResult {
  readonly strategyId: string;
  readonly className: string;
  /** Where the node wrote the module (inside its folder). */
  readonly file: string;
  readonly configs: unknown;
}
