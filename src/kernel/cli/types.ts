export interface CliCommand {
  /** One line for `keel help`. */
  readonly summary: string;
  /** The whole usage text, printed by `keel help NAME` and `keel NAME --help` (exit 0). */
  readonly usage: string;
  /** Runs the command; a returned number becomes the exit code. */
  run(args: string[]): Promise<number | void> | number | void;
}
