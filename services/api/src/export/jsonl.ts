import type { Column } from './columns.js';

/**
 * One row as a JSON Lines record: an object keyed by the dictionary's column names, in dictionary order. Booleans and
 * numbers are JSON booleans and numbers, dates ISO strings, empty cells `null`, and `json` columns (evidence) nested
 * JSON rather than a string of JSON.
 */
export function jsonlLine(columns: readonly Column[], row: readonly unknown[]): string {
  const record: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) record[columns[i]!.name] = row[i] ?? null;
  return JSON.stringify(record) + '\n';
}
