/**
 * How a run ended, carried with its weights (in the safetensors `__metadata__`) so that whoever
 * uses them later (ONNX export, the exported script's --weights) can say when they come from a
 * run that was stopped early or diverged.
 */

export interface RunOutcome {
  /**
   * 'early-stopped': the validation loss stopped improving; 'best': the weights of the epoch
   * with the lowest validation loss (`epochs` is that epoch), kept beside the last ones.
   */
  status: 'finished' | 'stopped' | 'diverged' | 'early-stopped' | 'best';
  /** Epochs completed, and the epochs the run was set to. */
  epochs: number;
  of: number;
  /** The step at which a diverged run stopped, and its loss then. */
  step?: number;
  loss?: number;
}

/** The metadata key; its value is the outcome as JSON. */
export const outcomeKey = 'cnn_studio.run';

export const outcomeMetadata = (o: RunOutcome): Record<string, string> => ({
  [outcomeKey]: JSON.stringify(o),
});

const count = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** The outcome a weights file records, or null for none (or one that does not parse). */
export function outcomeOf(metadata: Readonly<Record<string, string>>): RunOutcome | null {
  const text = metadata[outcomeKey];
  if (text === undefined) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  const o = v as Partial<RunOutcome> | null;
  if (
    typeof o !== 'object' ||
    o === null ||
    !['finished', 'stopped', 'diverged', 'early-stopped', 'best'].includes(o.status as string) ||
    !count(o.epochs) ||
    !count(o.of) ||
    (o.step !== undefined && !count(o.step)) ||
    (o.loss !== undefined && typeof o.loss !== 'number')
  ) {
    return null;
  }
  return {
    status: o.status!,
    epochs: o.epochs,
    of: o.of,
    ...(o.step !== undefined ? { step: o.step } : {}),
    ...(o.loss !== undefined ? { loss: o.loss } : {}),
  };
}

/** A sentence for weights of a run that did not finish; null for a finished one. */
export function outcomeWarning(o: RunOutcome | null): string | null {
  if (o === null || o.status === 'finished' || o.status === 'early-stopped') return null;
  if (o.status === 'best') return null;
  const done = `after ${o.epochs} of ${o.of} epoch${o.of === 1 ? '' : 's'}`;
  if (o.status === 'stopped') return `these weights come from a run stopped ${done}`;
  const where = o.step !== undefined ? ` at step ${o.step}` : '';
  const loss = o.loss !== undefined ? ` (loss ${o.loss})` : '';
  return `these weights come from a run that diverged${where}${loss}; they are its last good epoch's, ${done}`;
}
