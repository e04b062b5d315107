import { describe, expect, it } from 'vitest';
import { templates } from '../graph/index.js';
import { conv2dForwardRef } from './reference/conv2d.js';
import { linearForwardRef } from './reference/linear.js';
import { maxRelError, randomArray, testDevice } from './testing.js';
import { Trainer } from './trainer.js';

describe('Trainer.activations', () => {
  it('reads LeNet feature maps that match a float64 reference and the logits', async () => {
    const trainer = await Trainer.create(await testDevice(), templates.lenet!(), {
      batch: 4,
      seed: 3,
    });
    const w = new Map((await trainer.weights()).map((t) => [t.name, t.data as Float32Array]));
    const x = Float32Array.from(randomArray(28 * 28, 7));
    const maps = await trainer.activations(x, ['conv1', 'flatten', 'fc1', 'fc3']);
    const logits = await trainer.predict(x, 1);
    trainer.destroy();

    const conv1 = maps.get('conv1')!;
    expect(conv1.shape).toEqual([1, 6, 24, 24]);
    const conv1Ref = conv2dForwardRef(x, w.get('conv1.weight')!, w.get('conv1.bias')!, {
      ...{ n: 1, cin: 1, h: 28, w: 28, cout: 6, kh: 5, kw: 5 },
      ...{ sh: 1, sw: 1, ph: 0, pw: 0, dilH: 1, dilW: 1, groups: 1, oh: 24, ow: 24 },
    });
    expect(maxRelError(conv1.data, conv1Ref)).toBeLessThan(1e-4);

    // Flatten aliases pool2's buffer; it comes back with its own flat shape.
    const flat = maps.get('flatten')!;
    expect(flat.shape).toEqual([1, 256]);
    const fc1 = maps.get('fc1')!;
    expect(fc1.shape).toEqual([1, 120]);
    const fc1Ref = linearForwardRef(flat.data, w.get('fc1.weight')!, w.get('fc1.bias')!, {
      n: 1,
      inF: 256,
      outF: 120,
    });
    expect(maxRelError(fc1.data, fc1Ref)).toBeLessThan(1e-4);

    expect([...maps.get('fc3')!.data]).toEqual([...logits]);
  }, 300_000);

  it('names a layer the network does not have', async () => {
    const trainer = await Trainer.create(await testDevice(), templates.lenet!(), { batch: 1 });
    await expect(trainer.activations(new Float32Array(784), ['conv9'])).rejects.toThrow(
      'no layer "conv9"',
    );
    trainer.destroy();
  }, 300_000);
});
