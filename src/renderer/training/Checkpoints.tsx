import { useMemo } from 'react';
import { outcomeWarning } from '../../training/outcome.js';
import { fileName } from '../files/documentActions.js';
import { exportFile, reporting } from '../files/fileAccess.js';
import { selectAnalysis } from '../store/analysis.js';
import { useEditor } from '../store/store.js';
import { trainingController } from './controller.js';
import { weightMismatches } from './weightsFit.js';

/** Save and load safetensors checkpoints; says which nodes an edit has made them unfit for. */
export function Checkpoints({ disabled }: { disabled: boolean }) {
  const last = useEditor((s) => s.training.checkpoint);
  const best = useEditor((s) => s.training.best);
  const saveBest = useEditor((s) => s.training.saveBest) && best !== null;
  const setTraining = useEditor((s) => s.setTraining);
  const checkpoint = last;
  const saved = saveBest ? best : last;
  const name = useEditor((s) => s.meta.name);
  const analysis = useEditor(selectAnalysis);
  const select = useEditor((s) => s.select);
  const mismatches = useMemo(
    () => (checkpoint ? weightMismatches(analysis, checkpoint.shapes) : []),
    [analysis, checkpoint],
  );
  const nodes = [...new Set(mismatches.map((m) => m.nodeId))];
  const unfinished = checkpoint && outcomeWarning(checkpoint.run);
  return (
    <section className="training-checkpoint">
      <h4>Weights</h4>
      <div className="training-controls">
        <button
          type="button"
          disabled={!saved}
          data-testid="save-weights"
          onClick={() =>
            saved &&
            void reporting('Save weights', () =>
              exportFile(
                new Uint8Array(saved.bytes),
                fileName(`${name || 'weights'}${saveBest ? '.best' : ''}`, 'safetensors'),
                'safetensors',
              ),
            )
          }
        >
          Save weights…
        </button>
        {best && last && (
          <select
            data-testid="save-which"
            value={saveBest ? 'best' : 'last'}
            title="The last epoch's checkpoint resumes exactly; the best epoch's has the lowest validation loss"
            onChange={(e) => setTraining({ saveBest: e.target.value === 'best' })}
          >
            <option value="last">last epoch ({last.run?.epochs ?? '?'}), resumable</option>
            <option value="best">best epoch ({best.run?.epochs ?? '?'}, lowest val loss)</option>
          </select>
        )}
        <label className={`button${disabled ? ' disabled' : ''}`}>
          Load weights…
          <input
            type="file"
            accept=".safetensors"
            hidden
            disabled={disabled}
            data-testid="load-weights"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void file.arrayBuffer().then((b) => trainingController.loadWeights(b));
            }}
          />
        </label>
      </div>
      {unfinished && (
        <p className="training-message warning" data-testid="weights-run">
          {unfinished[0]!.toUpperCase() + unfinished.slice(1)}.
        </p>
      )}
      {nodes.length > 0 && (
        <div className="training-message warning" data-testid="weights-unfit">
          The weights no longer fit {nodes.length === 1 ? 'node' : 'nodes'}{' '}
          {nodes.map((id) => (
            <button key={id} type="button" className="link" onClick={() => select([id], [])}>
              {id}
            </button>
          ))}{' '}
          after your edits (
          {mismatches
            .slice(0, 3)
            .map((m) => `${m.key}: ${m.had ? m.had.join('×') : 'missing'} → ${m.needs.join('×')}`)
            .join('; ')}
          {mismatches.length > 3 ? '; …' : ''}). Train again or undo the edit.
        </div>
      )}
    </section>
  );
}
