import { templateNames, template } from '../../graph/index.js';
import { recipes, type Recipe } from '../../training/recipes.js';
import { editorStore, useEditor } from '../store/store.js';

/** The template a network's name says it is (a renamed network has no recipe). */
const templateOfName = new Map(templateNames.map((n) => [template(n)!.meta.name, n]));

export const describeRecipe = (r: Recipe): string =>
  `batch ${r.settings.batch}, SGD lr ${r.settings.lr}, ${r.settings.epochs} epochs, ${r.inputSize}×${r.inputSize}`;

/** One-click presets: the chapter's recipe for the open template, and d2l.ai's where it differs. */
export function Recipes({ disabled }: { disabled: boolean }) {
  const name = useEditor((s) => s.meta.name);
  const setTraining = useEditor((s) => s.setTraining);
  const list = recipes[templateOfName.get(name) ?? ''] ?? [];
  if (list.length === 0) return null;
  return (
    <div className="training-recipes" data-testid="recipes">
      <span>Recipe:</span>
      {list.map((r, i) => (
        <button
          key={r.source}
          type="button"
          disabled={disabled}
          data-testid={`recipe-${i}`}
          title={describeRecipe(r)}
          onClick={() => {
            const form = editorStore.getState().training.form;
            // Fashion-MNIST is 28×28: a larger Input needs the images resized on the GPU.
            setTraining({ form: { ...form, ...r.settings, resize: r.inputSize !== 28 } });
          }}
        >
          {r.source} ({describeRecipe(r)})
        </button>
      ))}
    </div>
  );
}
