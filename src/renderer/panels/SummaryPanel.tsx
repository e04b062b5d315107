import { formatShape, numel } from '../../graph/index.js';
import { bytes, compactCount, groupedCount } from '../format.js';
import { selectAnalysis, selectSummary } from '../store/analysis.js';
import { useEditor } from '../store/store.js';

const floatBytes = 4;

/** Forward activations kept for backward plus the input batch, in float32. */
export function activationBytes(shapes: readonly (readonly number[])[], batch: number): number {
  return shapes.reduce((s, shape) => s + numel(shape), 0) * batch * floatBytes;
}

/** The torchinfo-like table of the whole network, with totals. */
export function SummaryPanel() {
  const summary = useEditor(selectSummary);
  const analysis = useEditor(selectAnalysis);
  const batch = useEditor((s) => s.batchSize);
  const setUi = useEditor((s) => s.setUi);
  const select = useEditor((s) => s.select);
  const activations = activationBytes(
    analysis.ops.map((o) => o.shape),
    batch,
  );
  const weights = summary.total_params * floatBytes;
  return (
    <div className="summary" data-testid="summary">
      <dl className="summary-totals">
        <dt>Total params</dt>
        <dd data-testid="total-params">{groupedCount(summary.total_params)}</dd>
        <dt>Trainable params</dt>
        <dd>{groupedCount(summary.trainable_params)}</dd>
        <dt>MACs per sample</dt>
        <dd>{groupedCount(summary.macs)}</dd>
        <dt>
          <label htmlFor="batch-size">Batch size</label>
        </dt>
        <dd>
          <input
            id="batch-size"
            type="number"
            min={1}
            max={65536}
            value={batch}
            onChange={(e) => {
              const n = Number(e.target.value);
              if (Number.isInteger(n) && n >= 1 && n <= 65536) setUi({ batchSize: n });
            }}
          />
        </dd>
        <dt title="Every layer's output for the whole batch in float32, as kept for the backward pass">
          Activations (est.)
        </dt>
        <dd data-testid="activation-memory">{bytes(activations)}</dd>
        <dt>Weights</dt>
        <dd>{bytes(weights)}</dd>
      </dl>
      <div className="summary-table-wrap">
        <table className="summary-table">
          <thead>
            <tr>
              <th>Layer</th>
              <th>Kind</th>
              <th>Output</th>
              <th>Params</th>
              <th>MACs</th>
              <th>RF</th>
            </tr>
          </thead>
          <tbody>
            {summary.layers.map((row) => (
              <tr key={row.name} onClick={() => select([nodeIdOf(analysis, row.name)], [])}>
                <td className="mono">{row.name}</td>
                <td className="muted">{row.kind}</td>
                <td className="mono">{formatShape(row.output_shape)}</td>
                <td className="num">{groupedCount(row.params)}</td>
                <td className="num" title={groupedCount(row.macs)}>
                  {compactCount(row.macs)}
                </td>
                <td className="num">
                  {row.receptive_field[0]}×{row.receptive_field[1]}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

const nodeIdOf = (analysis: ReturnType<typeof selectAnalysis>, opName: string): string =>
  analysis.ops.find((o) => o.name === opName)?.nodeId ?? opName;
