import { cell, table } from './table';

describe('table', () => {
  it('aligns columns two spaces apart with capitalised headers and no trailing spaces', () => {
    expect(
      table(
        ['id', 'name', 'status'],
        [
          ['1', 'Contoso', 'connected'],
          ['22', 'Zoë', '-'],
        ],
      ),
    ).toBe(['ID  NAME     STATUS', '1   Contoso  connected', '22  Zoë      -'].join('\n'));
  });

  it('cell folds newlines, cuts long text with an ellipsis and shows - for nothing', () => {
    expect(cell('a\n  b')).toBe('a b');
    expect(cell('x'.repeat(10), 5)).toBe('xxxx…');
    expect(cell(null)).toBe('-');
    expect(cell('')).toBe('-');
    expect(cell(0)).toBe('0');
  });
});
