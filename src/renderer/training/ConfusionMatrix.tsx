interface Props {
  confusion: readonly number[];
  classes: number;
  names: readonly string[];
}

/** Rows: true class; columns: predicted. Cells shaded by their share of the row. */
export function ConfusionMatrix({ confusion, classes, names }: Props) {
  const rows = Array.from({ length: classes }, (_, i) =>
    confusion.slice(i * classes, (i + 1) * classes),
  );
  const nameOf = (i: number) => names[i] ?? String(i);
  return (
    <table
      className="confusion"
      data-testid="confusion-matrix"
      aria-label="Confusion matrix (rows: true class, columns: predicted)"
    >
      <thead>
        <tr>
          <th />
          {rows.map((_, j) => (
            <th key={j} title={nameOf(j)} scope="col">
              {j}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => {
          const total = row.reduce((a, b) => a + b, 0) || 1;
          return (
            <tr key={i}>
              <th scope="row" title={nameOf(i)}>
                {nameOf(i)}
              </th>
              {row.map((v, j) => {
                const share = v / total;
                const hue = i === j ? '214 84% 56%' : '4 66% 50%';
                return (
                  <td
                    key={j}
                    title={`${nameOf(i)} → ${nameOf(j)}: ${v}`}
                    style={{ background: v ? `hsl(${hue} / ${0.12 + 0.88 * share})` : undefined }}
                    className={share > 0.5 ? 'strong' : undefined}
                  >
                    {v || ''}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
