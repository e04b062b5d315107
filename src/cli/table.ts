/** Renders rows as a plain-text table; columns whose header starts with '>' align right. */
export function textTable(headers: string[], rows: string[][]): string {
  const right = headers.map((h) => h.startsWith('>'));
  const names = headers.map((h) => h.replace(/^>/, ''));
  // A loop, not Math.max(...rows): a spread of 150,000 rows overflows the stack.
  const widths = names.map((h, i) => rows.reduce((w, r) => Math.max(w, r[i]!.length), h.length));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(names), rule, ...rows.map(line)].join('\n');
}

export const thousands = (n: number): string => n.toLocaleString('en-US');
