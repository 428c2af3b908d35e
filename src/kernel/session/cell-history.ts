/**
 * The cells a session ran, in order, with the names each declared. Promotion needs the TypeScript
 * source of a strategy class as the user wrote it: the newest successful cell that declared the name.
 */
export interface CellRecord {
  /** 1-based, in the order the cells ran (failed cells count too). */
  readonly index: number;
  readonly source: string;
  /** Top-level names the cell declared (empty when it failed before declaring anything). */
  readonly declared: readonly string[];
  readonly ok: boolean;
}

export class CellHistory {
  private readonly cells: CellRecord[] = [];
  /** The cell running now: promotion called in the cell that declares the class needs its source. */
  private running: CellRecord | undefined;

  /** The finished cells, and the running one last (as if it succeeded so far). */
  get entries(): readonly CellRecord[] {
    return this.running ? [...this.cells, this.running] : this.cells;
  }

  /** A cell starts: it is in `entries` until `record` finishes it. */
  begin(source: string): void {
    this.running = { index: this.cells.length + 1, source: source.replace(/\n+$/, ''), declared: [], ok: true };
  }

  record(source: string, declared: readonly string[], ok: boolean): CellRecord {
    this.running = undefined;
    // The REPL hands a cell over with its final newline; the source is kept as the user wrote it.
    const cell: CellRecord = { index: this.cells.length + 1, source: source.replace(/\n+$/, ""), declared: [...declared], ok };
    this.cells.push(cell);
    return cell;
  }

  /** The newest successful cell declaring `name` (a re-run definition replaces the earlier one). */
  cellOf(name: string): CellRecord | undefined {
    for (let i = this.cells.length - 1; i >= 0; i--) {
      const cell = this.cells[i]!;
      if (cell.ok && cell.declared.includes(name)) return cell;
    }
    return undefined;
  }

  sourceOf(name: string): string | undefined {
    return this.cellOf(name)?.source;
  }
}
