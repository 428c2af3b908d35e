export interface CliCommand {
  /** One line for `keel help`. */
  readonly summary: string;
  /** Runs the command; a returned number becomes the exit code. */
  run(args: string[]): Promise<number | void> | number | void;
}
