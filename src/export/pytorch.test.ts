import { describe, expect, it } from 'vitest';
import { batchNorm2d, conv2d, relu, residual, type Graph } from '../graph/index.js';
import { sequentialGraph, type Step } from '../graph/templates/sequential.js';
import { ExportError } from './network.js';
import { exportPytorch } from './pytorch.js';

const image = { channels: 1, height: 8, width: 8 };
const chain = (...steps: Step[]): Graph => sequentialGraph('Tiny net', '', image, steps);
const conv: Step[2] = { out_channels: 2, kernel_size: [3, 3], padding: [1, 1] };

describe('exportPytorch', () => {
  it('refuses names PyTorch will not register as submodules', () => {
    for (const id of ['eval', 'blk.keys', 'blk._x']) {
      const part = id.split('.').at(-1)!;
      expect(() => exportPytorch(chain([id, relu, {}]))).toThrow(ExportError);
      expect(() => exportPytorch(chain([id, relu, {}]))).toThrow(`name a module "${part}"`);
    }
  });

  it('registers and reads a top-level Python keyword through add_module and getattr', () => {
    const code = exportPytorch(chain(['class', conv2d, conv]));
    expect(code).toContain("self.add_module('class', nn.Conv2d(1, 2,");
    expect(code).toContain("x = getattr(self, 'class')(x)");
  });

  it('keeps a chain in x and gives a branch its own variable', () => {
    const code = exportPytorch(
      chain(['stem', conv2d, conv], ['res', residual, { num_channels: 2 }]),
    );
    const forward = code.slice(code.indexOf('def forward(self, x):'), code.indexOf('return x'));
    expect(
      forward
        .split('\n')
        .slice(1)
        .map((l) => l.trim())
        .filter(Boolean),
    ).toEqual([
      'x = self.stem(x)',
      "res_conv1 = self.res['conv1'](x)",
      "res_conv1 = self.res['bn1'](res_conv1)",
      "res_conv1 = self.res['relu1'](res_conv1)",
      "res_conv1 = self.res['conv2'](res_conv1)",
      "res_conv1 = self.res['bn2'](res_conv1)",
      "x = self.res['add'](res_conv1, x)",
      "x = self.res['relu2'](x)",
    ]);
    expect(code).toContain('class Add(nn.Module):');
    expect(code).not.toContain('class Concat(nn.Module):');
  });

  it("writes the training panel's settings as the script's defaults", () => {
    const code = exportPytorch(chain(['bn', batchNorm2d, {}]), {
      training: {
        epochs: 3,
        batch: 64,
        lr: 0.05,
        optimizer: 'adam',
        weightDecay: 1e-4,
        init: 'default',
        trainSamples: 1000,
        schedule: 'cosine',
        warmup: 1,
        augment: 'flip,crop:4',
        val: 0.1,
        keepBest: true,
      },
    });
    expect(code).toContain(
      [
        'TRAINING = dict(',
        '    epochs=3,',
        '    batch_size=64,',
        '    lr=0.05,',
        "    optimizer='adam',",
        '    momentum=0.0,',
        '    weight_decay=0.0001,',
        '    seed=0,',
        "    init='default',",
        '    train_samples=1000,',
        '    test_samples=None,',
        "    schedule='cosine',",
        '    warmup=1,',
        "    augment='flip,crop:4',",
        '    val=0.1,',
        '    early_stop=0,',
        '    keep_best=True,',
        ')',
      ].join('\n'),
    );
    expect(code).toContain('INPUT_SHAPE = (1, 8, 8)\nOUTPUT_SHAPE = (1, 8, 8)');
    expect(code).toMatch(/^NOTES = \[\]$/m);
  });
});
