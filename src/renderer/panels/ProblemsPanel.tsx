import { useReactFlow } from '@xyflow/react';
import { selectAnalysis } from '../store/analysis.js';
import { useEditor } from '../store/store.js';

/** Every problem analyze() finds; clicking one selects its layer and brings it into view. */
export function ProblemsPanel() {
  const problems = useEditor((s) => selectAnalysis(s).problems);
  const select = useEditor((s) => s.select);
  const { fitView } = useReactFlow();
  if (problems.length === 0) {
    return <div className="panel-empty">No problems: every layer fits.</div>;
  }
  return (
    <ul className="problems" data-testid="problems">
      {problems.map((p, i) => (
        <li key={i} className={p.severity}>
          <button
            onClick={() => {
              if (p.nodeId === undefined) return;
              select([p.nodeId], p.edgeId === undefined ? [] : [p.edgeId]);
              void fitView({ nodes: [{ id: p.nodeId }], duration: 300, maxZoom: 1 });
            }}
          >
            <span className="problem-where">{p.nodeId ?? p.edgeId ?? 'network'}</span>
            <span className="problem-message">{p.message}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
