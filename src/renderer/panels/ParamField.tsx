import { useState } from 'react';
import type { Field, ParamValue } from '../../graph/index.js';
import { parseNumber, parsePair, type Parsed } from './fieldInput.js';

interface Props {
  name: string;
  field: Field;
  value: ParamValue;
  onCommit(value: ParamValue): void;
  /** Refuses a value in range that still cannot be used (the lessons' kernel larger than the input). */
  check?(value: ParamValue): string | null;
}

const asTexts = (value: ParamValue): string[] =>
  Array.isArray(value) ? value.map(String) : [String(value)];

/**
 * One hyperparameter. Typed text is kept as typed; it is committed on Enter or leaving the box
 * when valid, and otherwise stays with a message while the node keeps its last good value.
 */
export function ParamField({ name, field, value, onCommit, check }: Props) {
  const [draft, setDraft] = useState<string[] | null>(null);
  const texts = draft ?? asTexts(value);
  const typed: Parsed | null =
    draft === null || field.type === 'bool'
      ? null
      : field.type === 'pair'
        ? parsePair([texts[0]!, texts[1]!], field)
        : parseNumber(texts[0]!, field);
  const refused = typed?.ok ? check?.(typed.value) : null;
  const parsed: Parsed | null = refused ? { ok: false, message: refused } : typed;

  const commit = () => {
    if (!parsed?.ok) return;
    setDraft(null);
    if (JSON.stringify(parsed.value) !== JSON.stringify(value)) onCommit(parsed.value);
  };
  const id = `param-${name}`;

  if (field.type === 'bool') {
    return (
      <label className="field field-bool" title={field.help}>
        <input
          type="checkbox"
          checked={value === true}
          onChange={(e) => onCommit(e.target.checked)}
          data-testid={id}
        />
        <span>{field.label}</span>
      </label>
    );
  }

  const box = (i: number, label: string) => (
    <input
      key={i}
      id={i === 0 ? id : undefined}
      className={parsed && !parsed.ok ? 'invalid' : undefined}
      inputMode={field.type === 'float' ? 'decimal' : 'numeric'}
      aria-label={label}
      value={texts[i]}
      data-testid={field.type === 'pair' ? `${id}-${i}` : id}
      onChange={(e) => {
        const next = [...texts];
        next[i] = e.target.value;
        setDraft(next);
      }}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') setDraft(null);
      }}
    />
  );

  return (
    <div className="field" title={field.help}>
      <label htmlFor={id}>
        {field.label}
        <span className="field-range">
          {field.min}–{field.max}
        </span>
      </label>
      <div className="field-boxes">
        {field.type === 'pair'
          ? [
              box(0, `${field.label} height`),
              <span key="x">×</span>,
              box(1, `${field.label} width`),
            ]
          : box(0, field.label)}
      </div>
      {parsed && !parsed.ok && (
        <div className="field-error" role="alert">
          {parsed.message}
        </div>
      )}
      <div className="field-help">{field.help}</div>
    </div>
  );
}
