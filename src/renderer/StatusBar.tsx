import { useMemo } from 'react';
import { bytes, compactCount, groupedCount } from './format.js';
import { totalsOf } from './panels/totals.js';
import { selectAnalysis, selectSummary } from './store/analysis.js';
import { useEditor } from './store/store.js';

/**
 * Always at the bottom: the network's problem count, which opens the Problems tab, and its totals
 * (parameters, MACs, memory at the batch size the Summary tab sets); on a narrow window what
 * does not fit is cut from the end.
 */
export function StatusBar() {
  const analysis = useEditor(selectAnalysis);
  const summary = useEditor(selectSummary);
  const batch = useEditor((s) => s.batchSize);
  const layers = useEditor((s) => s.nodes.length);
  const setUi = useEditor((s) => s.setUi);
  const setPanels = useEditor((s) => s.setPanels);
  const t = useMemo(() => totalsOf(analysis, summary, batch), [analysis, summary, batch]);
  const problems = t.errors + t.warnings;
  return (
    <footer className="status-bar" data-testid="status-bar">
      <button
        className={`status-problems${t.errors > 0 ? ' error' : t.warnings > 0 ? ' warning' : ''}`}
        onClick={() => {
          setPanels({ sideOpen: true });
          setUi({ tab: 'problems' });
        }}
        title="Show the problems"
        data-testid="status-problems"
      >
        {problems === 0 ? 'no problems' : `${problems} problem${problems === 1 ? '' : 's'}`}
      </button>
      <span title={`${groupedCount(layers)} layers on the canvas`}>
        {groupedCount(layers)} layers
      </span>
      <span title={`${groupedCount(t.params)} parameters`} data-testid="status-params">
        <strong>{compactCount(t.params)}</strong> params
      </span>
      <span title={`${groupedCount(t.trainable)} trainable parameters`}>
        {compactCount(t.trainable)} trainable
      </span>
      <span
        title={`${groupedCount(t.macs)} multiply-accumulates per sample`}
        data-testid="status-macs"
      >
        {compactCount(t.macs)} MACs
      </span>
      <span
        title={`Every layer's output for a batch of ${batch} in float32, as kept for the backward pass (set the batch in the Summary tab)`}
        data-testid="status-activations"
      >
        {bytes(t.activationBytes)} activations @ {batch}
      </span>
      <span title="The weights in float32" data-testid="status-weights">
        {bytes(t.weightBytes)} weights
      </span>
    </footer>
  );
}
