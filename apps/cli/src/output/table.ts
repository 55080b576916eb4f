/** A plain-text table: left-aligned columns two spaces apart, no trailing spaces, header in capitals. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, i) =>
    Math.max(width(header), ...rows.map((row) => width(row[i] ?? ''))),
  );
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - width(cell))))
      .join('  ')
      .trimEnd();
  return [render(headers.map((h) => h.toUpperCase())), ...rows.map(render)].join('\n');
}

/** Code points, so accented names line up (no East Asian width handling). */
const width = (text: string): number => [...text].length;

/** Keeps a table row on one line: newlines folded, long text cut with an ellipsis. */
export function cell(value: string | number | null | undefined, max = 60): string {
  if (value === null || value === undefined || value === '') return '-';
  const text = String(value).replace(/\s+/g, ' ').trim();
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}
