import { parseArgs } from 'node:util';
import { Trainer } from '../../runtime-gpu/index.js';
import { cliDevice, runtimeErrors } from '../device.js';
import { CliError } from '../errors.js';
import { readGraphArg } from '../graphArg.js';
import { imageBatch } from '../batchInput.js';
import { float32Of, readTensors, tensorOf, writeTensors } from '../tensorFile.js';

export const usage =
  'forward <template|file.json> --weights w.safetensors --input x.safetensors -o y.safetensors';

/** Eval-mode outputs (logits) of a batch (key `input`, [N, C, H, W]) written as key `output`. */
export async function forward(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      weights: { type: 'string' },
      input: { type: 'string' },
      output: { type: 'string', short: 'o' },
    },
    allowPositionals: true,
  });
  const graph = readGraphArg(positionals[0]);
  const weights = readTensors(values.weights, '--weights');
  const input = tensorOf(readTensors(values.input, '--input'), 'input', values.input!);
  if (values.output === undefined) throw new CliError('give an output file with -o');
  const batch = imageBatch(graph, input, values.input!);
  const x = float32Of(input, values.input!);
  const device = await cliDevice();
  const logits = await runtimeErrors(async () => {
    const trainer = await Trainer.create(device, graph, {
      batch: batch.n,
      imageSize: batch.imageSize,
    });
    trainer.setWeights(weights);
    const out = await trainer.predict(x, batch.n);
    trainer.destroy();
    return { data: out, shape: trainer.outputShape };
  });
  await writeTensors(values.output, [
    { name: 'output', dtype: 'F32', shape: [batch.n, ...logits.shape], data: logits.data },
  ]);
  return 0;
}
