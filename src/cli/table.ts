/**
 * Plain aligned tables in dcos-core-cli's style: an upper-case header row, columns
 * separated by two spaces, no borders, no trailing spaces. The output is the same on a
 * TTY and in a pipe, so `dcos app list | awk '{print $1}'` works.
 *
 * Why not @oclif/table: it renders through ink + react (≈150 ms to import), indents every
 * row by a space and underlines the header with box-drawing characters, which makes
 * its output awkward to parse in scripts. Twenty lines here do the job.
 */
export interface Column<Row> {
  header: string;
  /** The cell text for a row. */
  get: (row: Row) => string | number | boolean | null | undefined;
  /** Numbers read best right-aligned; default 'left'. */
  align?: 'left' | 'right';
}

const ANSI = /\u001b\[[0-9;]*m/g;

/** Display width: ANSI colour codes take no room; a code point takes one column. */
export function displayWidth(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '---';
  // a cell is one line: a multi-line cmd would break the alignment of the rows below
  return String(value).replace(/\s*\n\s*/g, ' ');
}

export function formatTable<Row>(columns: Column<Row>[], rows: Row[]): string {
  const cells = rows.map((row) => columns.map((c) => cellText(c.get(row))));
  const headers = columns.map((c) => c.header.toUpperCase());
  const widths = columns.map((_, i) => Math.max(displayWidth(headers[i]), ...cells.map((r) => displayWidth(r[i]))));
  const line = (values: string[]) =>
    values
      .map((v, i) => {
        const pad = ' '.repeat(widths[i] - displayWidth(v));
        if (columns[i].align === 'right') return pad + v;
        return i === values.length - 1 ? v : v + pad;
      })
      .join('  ')
      .replace(/\s+$/, '');
  return [line(headers), ...cells.map(line)].join('\n') + '\n';
}

/** A record as aligned `NAME  value` lines (names upper-case, one field a line, empty values ---). */
export function formatFields(fields: Array<[name: string, value: string | number | boolean | null | undefined]>): string {
  const width = Math.max(0, ...fields.map(([n]) => displayWidth(n)));
  return fields.map(([n, v]) => `${n.toUpperCase()}${' '.repeat(width - displayWidth(n))}  ${cellText(v)}`).join('\n') + '\n';
}
