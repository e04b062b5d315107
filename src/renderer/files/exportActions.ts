import { exportOnnx, exportPytorch, type OnnxWeight } from '../../export/index.js';
import type { Analysis } from '../../graph/index.js';
import { decode, toFloat32 } from '../../runtime-gpu/safetensors.js';
import { selectAnalysis } from '../store/analysis.js';
import { graphOf } from '../store/graphSlice.js';
import { editorStore, type EditorStore } from '../store/store.js';
import { learningRateWarning } from '../../training/guards.js';
import { outcomeWarning } from '../../training/outcome.js';
import { settingsOf, type Checkpoint, type TrainingState } from '../training/trainingSlice.js';
import { weightMismatches, type WeightMismatch } from '../training/weightsFit.js';
import { fileName } from './documentActions.js';
import { exportFile, reporting } from './fileAccess.js';

/**
 * What the exported script should tell whoever runs it about the panel's settings: a learning
 * rate no recipe uses, and a run with these very settings that diverged here.
 */
export function settingsNotes(t: TrainingState): string[] {
  const settings = settingsOf(t.form);
  const last = t.runs.at(-1);
  const diverged =
    t.error?.kind === 'diverged' &&
    last !== undefined &&
    JSON.stringify(settingsOf({ ...t.form, ...last.config })) === JSON.stringify(settings);
  return [
    ...(diverged ? [`a run with these settings diverged in CNN Studio. ${t.error!.message}`] : []),
    ...[learningRateWarning(settings)].filter((n) => n !== null),
  ];
}

/** File › Export PyTorch: the model and its training script, with the panel's settings. */
export async function exportPytorchFile(store: EditorStore = editorStore) {
  const s = store.getState();
  const name = fileName(s.meta.name, 'py');
  const options = { fileName: name, training: s.training.form, notes: settingsNotes(s.training) };
  await reporting('Export PyTorch', () =>
    exportFile(exportPytorch(graphOf(s), options), name, 'pytorch'),
  );
}

/**
 * The checkpoint's tensors that the graph's layers take, or the weights the graph needs that the
 * checkpoint cannot fill. Tensors of deleted layers are left out rather than refused.
 */
export function onnxWeights(
  checkpoint: Checkpoint,
  analysis: Analysis,
): { weights: Map<string, OnnxWeight> } | { unfit: WeightMismatch[] } {
  const unfit = weightMismatches(analysis, checkpoint.shapes);
  if (unfit.length > 0) return { unfit };
  const wanted = new Set(
    analysis.ops.flatMap((op) => op.weights.map((w) => `${op.name}.${w.name}`)),
  );
  const { tensors } = decode(new Uint8Array(checkpoint.bytes));
  return {
    weights: new Map(
      [...tensors]
        .filter(([key]) => wanted.has(key))
        .map(([key, t]) => [key, { shape: t.shape, data: toFloat32(t) }]),
    ),
  };
}

/** `a, b, c and 4 more`: enough names to recognise, short enough for a dialog. */
const listed = (names: string[]): string =>
  names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');

/**
 * File › Export ONNX: the network in eval mode, holding the weights last trained or loaded. Without
 * fitting weights the user may still export it with the weights as graph inputs (Netron shows it,
 * and ONNX Runtime runs it when they are fed).
 */
export async function exportOnnxFile(store: EditorStore = editorStore) {
  const s = store.getState();
  const name = fileName(s.meta.name, 'onnx');
  await reporting('Export ONNX', async () => {
    const found = s.training.checkpoint && onnxWeights(s.training.checkpoint, selectAnalysis(s));
    if (
      found &&
      'unfit' in found &&
      !window.confirm(
        `The trained weights no longer fit ${listed(found.unfit.map((m) => m.key))}. ` +
          'Export the network without weights (they become inputs of the ONNX graph)?',
      )
    )
      return;
    const weights = found && 'weights' in found ? found.weights : undefined;
    const warning = weights ? outcomeWarning(s.training.checkpoint!.run) : null;
    if (
      warning &&
      s.training.checkpoint!.run!.status === 'diverged' &&
      !window.confirm(`${warning[0]!.toUpperCase()}${warning.slice(1)}. Export them anyway?`)
    )
      return;
    const note = warning ? { note: `CNN Studio: ${warning}.` } : {};
    await exportFile(exportOnnx(graphOf(s), weights ? { weights, ...note } : {}), name, 'onnx');
  });
}
