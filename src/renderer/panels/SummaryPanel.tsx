import { formatShape, layerOf } from '../../graph/index.js';
import { bytes, categoryClass, compactCount, groupedCount } from '../format.js';
import { selectAnalysis, selectSummary } from '../store/analysis.js';
import { useEditor } from '../store/store.js';
import { totalsOf } from './totals.js';

/** The torchinfo-like table of the whole network, with totals. */
export function SummaryPanel() {
  const summary = useEditor(selectSummary);
  const analysis = useEditor(selectAnalysis);
  const batch = useEditor((s) => s.batchSize);
  const setUi = useEditor((s) => s.setUi);
  const select = useEditor((s) => s.select);
  const totals = totalsOf(analysis, summary, batch);
  return (
    <div className="summary" data-testid="summary">
      <dl className="summary-totals">
        <dt>Total params</dt>
        <dd data-testid="total-params">{groupedCount(totals.params)}</dd>
        <dt>Trainable params</dt>
        <dd>{groupedCount(totals.trainable)}</dd>
        <dt>MACs per sample</dt>
        <dd>{groupedCount(totals.macs)}</dd>
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
        <dd data-testid="activation-memory">{bytes(totals.activationBytes)}</dd>
        <dt>Weights</dt>
        <dd>{bytes(totals.weightBytes)}</dd>
      </dl>
      <div className="summary-table-wrap">
        <table className="summary-table">
          <thead>
            <tr>
              <th title="Each layer's weight-key prefix; its colour is its kind's (hover for the kind)">
                Layer
              </th>
              <th>Output</th>
              <th>Params</th>
              <th className="summary-extra">MACs</th>
              <th className="summary-extra" title="Receptive field">
                RF
              </th>
            </tr>
          </thead>
          <tbody>
            {summary.layers.map((row) => (
              <tr key={row.name} onClick={() => select([nodeIdOf(analysis, row.name)], [])}>
                <td
                  className={`mono summary-layer ${categoryClass(layerOf(row.kind).category)}`}
                  title={`${row.name}: ${row.kind}`}
                >
                  {row.name}
                </td>
                <td className="mono">{formatShape(row.output_shape)}</td>
                <td className="num">{groupedCount(row.params)}</td>
                <td className="num summary-extra" title={groupedCount(row.macs)}>
                  {compactCount(row.macs)}
                </td>
                <td className="num summary-extra">
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
