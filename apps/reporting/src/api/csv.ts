/** A table as the figures and the lists answer it: its columns, and one record per row. */
export interface CsvTable {
  columns: readonly string[];
  rows: readonly Record<string, string | number | boolean | null>[];
}

/** A field quoted as RFC 4180 asks when it holds a comma, a quote or a line break; null is empty. */
function field(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180: comma-separated, CRLF line ends, a header row, one line per row (a null is an empty field). */
export function toCsv(table: CsvTable): string {
  const lines = [table.columns, ...table.rows.map((row) => table.columns.map((column) => row[column]))];
  return lines.map((line) => line.map(field).join(',')).join('\r\n') + '\r\n';
}
