/**
 * Text that goes into the exported Python file as string literals. Every string that comes from
 * outside (a network's name and description, the file name, notes) passes through these, so no
 * text can end the literal early and run as code.
 */

/** One character as a Python escape, for those that may not appear as themselves. */
function escaped(c: string): string {
  const code = c.charCodeAt(0);
  if (c === '\\') return '\\\\';
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Control characters, DEL, the line separators Python's tokenizer or editors treat as line ends,
 * and lone surrogates (which UTF-8 cannot carry).
 */
const unsafe =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point.
  /[\\\x00-\x1f\x7f\x85\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `'text'` as a Python string literal with every quote and unsafe character escaped. */
export const pyLiteral = (text: string): string =>
  `'${text.replace(unsafe, escaped).replace(/'/g, "\\'")}'`;

/**
 * A triple-quoted docstring holding `text` (newlines kept, for reading): every `"` is escaped, so
 * nothing inside can close it.
 */
export function pyDocstring(text: string): string {
  const body = text
    .split('\n')
    .map((line) => line.replace(unsafe, escaped).replace(/"/g, '\\"'))
    .join('\n');
  return `"""${body}"""`;
}
