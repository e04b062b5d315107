import { useState } from 'react';
import { useEditor } from '../store/store.js';
import { ConfusionMatrix } from './ConfusionMatrix.js';
import { trainingController } from './controller.js';
import { ExplainView } from './ExplainView.js';
import { FeatureMaps } from './FeatureMaps.js';
import { Gallery } from './Gallery.js';
import { isActive } from './run.js';

/** Test-set results of the weights last trained or loaded. */
export function Results({ names }: { names: readonly string[] }) {
  const evaluation = useEditor((s) => s.training.evaluation);
  const of = useEditor((s) => s.training.evaluationOf);
  const probe = useEditor((s) => s.training.probe);
  const running = useEditor((s) => isActive(s.training.runs.at(-1)));
  const [explaining, setExplaining] = useState(false);
  if (!evaluation) return null;
  const nameOf = (i: number) => names[i] ?? String(i);
  return (
    <section className="training-results" data-testid="training-results">
      {of && (
        <p className="training-note" data-testid="results-of">
          Results of {of}
        </p>
      )}
      <h3>
        Test accuracy{' '}
        <span data-testid="test-accuracy">{(evaluation.accuracy * 100).toFixed(1)}%</span>
        <small> (loss {evaluation.loss.toFixed(3)})</small>
      </h3>
      <p className="training-note">Confusion matrix (rows: true class, columns: predicted)</p>
      <ConfusionMatrix
        confusion={evaluation.confusion}
        classes={evaluation.classes}
        names={names}
      />
      <h4>Test images (mistakes first)</h4>
      <Gallery
        evaluation={evaluation}
        names={names}
        picked={probe?.sample ?? null}
        onPick={(g) => trainingController.predict(g.index)}
      />
      {probe && (
        <ol className="probe" data-testid="probe" start={0}>
          {probe.probabilities.map((p, k) => (
            <li key={k}>
              <span>{nameOf(k)}</span>
              <span className="bar" style={{ width: `${p * 100}%` }} />
              <span>{(p * 100).toFixed(1)}%</span>
            </li>
          ))}
        </ol>
      )}
      {probe && <FeatureMaps sample={probe.sample} />}
      {probe && (
        <button
          className="button"
          data-testid="explain-open"
          disabled={running}
          title={running ? 'Wait for the run to end: its weights are still changing' : undefined}
          onClick={() => setExplaining(true)}
        >
          Explain a layer on this image…
        </button>
      )}
      {probe && explaining && (
        <ExplainView sample={probe.sample} onClose={() => setExplaining(false)} />
      )}
    </section>
  );
}
