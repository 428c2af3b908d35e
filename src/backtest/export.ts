/**
 * `exportResult(result, { dir, format })`: a backtest's orders, fills, trades and equity as CSV and/or
 * Parquet, plus its statistics as JSON, in one call; returns every path written. The folder is created
 * when missing; files of an earlier export of the same names are replaced. Options are checked before
 * anything is written, so a bad format or folder leaves the disk as it was.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EngineError } from '../engine/core/errors.js';
import { TABLES, toCsv } from './export-tables.js';
import type { BacktestResult } from './result-types.js';

export type ExportFormat = 'csv' | 'parquet' | 'both';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'parquet', 'both'];

export interface ExportOptions {
  readonly dir: string;
  /** Default 'csv'. */
  readonly format?: ExportFormat;
}

export type ExportTable = 'orders' | 'fills' | 'trades' | 'equity';

export interface ExportedFiles {
  readonly dir: string;
  readonly csv?: Readonly<Record<ExportTable, string>>;
  readonly parquet?: Readonly<Record<ExportTable, string>>;
  readonly statistics: string;
  /** Every file written, in the order written. */
  readonly paths: readonly string[];
}

function checkDir(dir: unknown): string {
  if (typeof dir !== 'string' || dir.trim() === '') {
    throw new EngineError('EXPORT_DIR_INVALID', `exportResult: expected dir to be a folder path, received ${JSON.stringify(dir) ?? String(dir)}`, { received: String(dir) });
  }
  const abs = resolve(dir);
  let isFile = false;
  try {
    isFile = !statSync(abs).isDirectory();
  } catch {
    // Missing: created below.
  }
  if (isFile) throw new EngineError('EXPORT_DIR_INVALID', `exportResult: expected dir to be a folder, received a file: ${abs}`, { received: abs });
  return abs;
}

export async function exportResult(result: BacktestResult, options: ExportOptions): Promise<ExportedFiles> {
  const format = options.format ?? 'csv';
  if (!EXPORT_FORMATS.includes(format)) {
    throw new EngineError('EXPORT_FORMAT_INVALID', `exportResult: expected format 'csv', 'parquet' or 'both', received ${JSON.stringify(format) ?? String(format)}`, {
      received: String(format),
    });
  }
  const dir = checkDir(options.dir);
  const writer = format === 'csv' ? undefined : await import('hyparquet-writer');
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new EngineError('EXPORT_DIR_INVALID', `exportResult: expected a folder that can be created, received ${dir} (${(error as Error).message})`, { received: dir });
  }
  const paths: string[] = [];
  const csv: Partial<Record<ExportTable, string>> = {};
  const parquet: Partial<Record<ExportTable, string>> = {};
  for (const table of TABLES) {
    const rows = table.rows(result);
    if (format !== 'parquet') {
      const path = join(dir, `${table.name}.csv`);
      writeFileSync(path, toCsv(table, rows));
      csv[table.name] = path;
      paths.push(path);
    }
    if (writer !== undefined) {
      const path = join(dir, `${table.name}.parquet`);
      writer.parquetWriteFile({
        filename: path,
        columnData: table.columns.map((c) => ({ name: c.name, type: c.type, data: rows.map((r) => c.get(r) ?? null) })),
      });
      parquet[table.name] = path;
      paths.push(path);
    }
  }
  const statistics = join(dir, 'statistics.json');
  writeFileSync(statistics, `${JSON.stringify(result.statistics, null, 2)}\n`);
  paths.push(statistics);
  return {
    dir,
    ...(format !== 'parquet' ? { csv: csv as Record<ExportTable, string> } : {}),
    ...(writer !== undefined ? { parquet: parquet as Record<ExportTable, string> } : {}),
    statistics,
    paths,
  };
}
