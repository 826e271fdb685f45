import type { FigureTable } from '../application/figures';

/** A field quoted as RFC 4180 asks when it holds a comma, a quote or a line break. */
function field(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180: comma-separated, CRLF line ends, a header row, one row per team × month × code. */
export function toCsv(table: FigureTable): string {
  const lines = [table.columns, ...table.rows.map((row) => table.columns.map((column) => row[column]))];
  return lines.map((line) => line.map(field).join(',')).join('\r\n') + '\r\n';
}
