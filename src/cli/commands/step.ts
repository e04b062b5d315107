import { parseArgs } from 'node:util';
import { Trainer, type StepResult } from '../../runtime-gpu/index.js';
import { imageBatch } from '../batchInput.js';
import { cliDevice, numberOption, runtimeErrors } from '../device.js';
import { CliError } from '../errors.js';
import { readGraphArg } from '../graphArg.js';
import { float32Of, readTensors, tensorOf, writeTensors } from '../tensorFile.js';

export const usage =
  'step <template|file.json> --weights w.safetensors --input x.safetensors --labels y.safetensors --lr LR [--momentum M] [--weight-decay W] -o out.safetensors';

/**
 * One SGD step in training mode from the given weights; writes `loss`, `output` (the logits
 * before the update) and every updated weight and buffer, for checking against another framework.
 */
export async function step(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      weights: { type: 'string' },
      input: { type: 'string' },
      labels: { type: 'string' },
      lr: { type: 'string' },
      momentum: { type: 'string' },
      'weight-decay': { type: 'string' },
      output: { type: 'string', short: 'o' },
    },
    allowPositionals: true,
  });
  const graph = readGraphArg(positionals[0]);
  const weights = readTensors(values.weights, '--weights');
  const input = tensorOf(readTensors(values.input, '--input'), 'input', values.input!);
  const labelsTensor = tensorOf(readTensors(values.labels, '--labels'), 'labels', values.labels!);
  const lr = numberOption(values.lr, 'lr', undefined, 0);
  const momentum = numberOption(values.momentum, 'momentum', 0, 0, 1);
  const weightDecay = numberOption(values['weight-decay'], 'weight-decay', 0, 0);
  if (values.output === undefined) throw new CliError('give an output file with -o');
  const batch = imageBatch(graph, input, values.input!);
  const x = float32Of(input, values.input!);
  const given = float32Of(labelsTensor, values.labels!);
  const labels = Uint32Array.from(given);
  if (labelsTensor.shape.join() !== `${batch.n}` || labels.some((l, i) => l !== given[i])) {
    throw new CliError(
      `${values.labels}: labels must be [${batch.n}] class indices, got [${labelsTensor.shape.join(', ')}]`,
    );
  }
  const bad = labels.find((l) => batch.classes !== undefined && l >= batch.classes);
  if (bad !== undefined) {
    throw new CliError(`${values.labels}: label ${bad} is not below the ${batch.classes} classes`);
  }
  const device = await cliDevice();
  const out = await runtimeErrors(async () => {
    const trainer = await Trainer.create(device, graph, {
      batch: batch.n,
      imageSize: batch.imageSize,
      optimizer: { kind: 'sgd', lr, momentum, weightDecay },
    });
    trainer.setWeights(weights);
    let result: StepResult | undefined;
    await trainer.step(x, labels, (r) => (result = r));
    const logits = await trainer.trainingOutput(batch.n);
    const updated = await trainer.weights();
    trainer.destroy();
    return { loss: result!.loss, logits, classes: trainer.classes, updated };
  });
  await writeTensors(values.output, [
    { name: 'loss', dtype: 'F32', shape: [], data: Float32Array.of(out.loss) },
    { name: 'output', dtype: 'F32', shape: [batch.n, out.classes], data: out.logits },
    ...out.updated,
  ]);
  return 0;
}
