import { Inspector } from './panels/Inspector.js';
import { ProblemsPanel } from './panels/ProblemsPanel.js';
import { SummaryPanel } from './panels/SummaryPanel.js';
import { selectAnalysis } from './store/analysis.js';
import { useEditor } from './store/store.js';
import { TrainingPanel } from './training/TrainingPanel.js';
import type { PanelTab } from './store/uiSlice.js';

// Later panels (training, ...) add a tab here and a name to PanelTab.
const tabs: { id: PanelTab; label: string; Body: () => React.JSX.Element }[] = [
  { id: 'inspector', label: 'Inspector', Body: Inspector },
  { id: 'summary', label: 'Summary', Body: SummaryPanel },
  { id: 'problems', label: 'Problems', Body: ProblemsPanel },
  { id: 'training', label: 'Training', Body: TrainingPanel },
];

export function RightPanel({ onClose }: { onClose(): void }) {
  const tab = useEditor((s) => s.tab);
  const setUi = useEditor((s) => s.setUi);
  const problemCount = useEditor(
    (s) => selectAnalysis(s).problems.filter((p) => p.severity === 'error').length,
  );
  const { Body } = tabs.find((t) => t.id === tab)!;
  return (
    <aside className="right-panel">
      <div className="tabs" role="tablist">
        {tabs.map((t) => (
          <button
            key={t.id}
            role="tab"
            aria-selected={t.id === tab}
            className={t.id === tab ? 'active' : undefined}
            onClick={() => setUi({ tab: t.id })}
            data-testid={`tab-${t.id}`}
          >
            {t.label}
            {t.id === 'problems' && problemCount > 0 && (
              <span className="badge">{problemCount}</span>
            )}
          </button>
        ))}
        <button
          className="icon-button panel-close"
          title="Hide this panel"
          aria-label="Hide the side panel"
          onClick={onClose}
          data-testid="close-side"
        >
          ›
        </button>
      </div>
      <div className="tab-body" role="tabpanel">
        <Body />
      </div>
    </aside>
  );
}
