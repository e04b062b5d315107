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
  const checkpoint = useEditor((s) => s.training.checkpoint);
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
          disabled={!checkpoint}
          data-testid="save-weights"
          onClick={() =>
            checkpoint &&
            void reporting('Save weights', () =>
              exportFile(
                new Uint8Array(checkpoint.bytes),
                fileName(name || 'weights', 'safetensors'),
                'safetensors',
              ),
            )
          }
        >
          Save weights…
        </button>
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
