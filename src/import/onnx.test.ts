import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, numel, parseGraph, type Graph, type Params } from '../graph/index.js';
import { exportOnnx } from '../export/onnx.js';
import { onnx } from '../export/onnxProto/onnx.js';
import { ImportError } from './errors.js';
import { importOnnx } from './onnx.js';
import { tensorProto, testModel, type TestModel, type TestNode } from './testing.js';

const conv = (
  name: string,
  input: string,
  output: string,
  more: Partial<TestNode> = {},
): TestNode => ({
  op: 'Conv',
  name,
  inputs: [input, `${name}.w`],
  outputs: [output],
  attributes: { kernel_shape: { ints: [3, 3] }, pads: { ints: [1, 1, 1, 1] } },
  ...more,
});
const convWeights = (name: string, out = 4, cin = 3) => ({
  [`${name}.w`]: { dims: [out, cin, 3, 3] },
});

/** A model ending in GlobalAveragePool → Flatten → Gemm, after `body` made `feature`. */
function headed(m: TestModel & { feature: string; channels: number }): Uint8Array {
  return testModel({
    ...m,
    nodes: [
      ...m.nodes,
      { op: 'GlobalAveragePool', inputs: [m.feature], outputs: ['gap'] },
      { op: 'Flatten', inputs: ['gap'], outputs: ['flat'] },
      {
        op: 'Gemm',
        inputs: ['flat', 'fc.w', 'fc.b'],
        outputs: ['y'],
        attributes: { transB: { int: 1 } },
      },
    ],
    initializers: {
      ...m.initializers,
      'fc.w': { dims: [5, m.channels] },
      'fc.b': { dims: [5] },
    },
  });
}

const kinds = (g: Graph) => g.nodes.map((n) => n.kind);
const node = (g: Graph, id: string) => g.nodes.find((n) => n.id === id)!;
const importError = (bytes: Uint8Array): string => {
  try {
    importOnnx(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return (e as Error).message;
  }
  throw new Error('imported');
};

describe('importOnnx', () => {
  it('reads a small conv net, keeping PyTorch-style names from the weights', () => {
    const m = importOnnx(
      headed({
        nodes: [
          conv('/features/features.0/Conv', 'x', 'c', { inputs: ['x', 'features.0.weight'] }),
        ],
        initializers: { 'features.0.weight': { dims: [4, 3, 3, 3] } },
        feature: 'c',
        channels: 4,
      }),
      'net',
    );
    expect(kinds(m.graph)).toEqual(['Input', 'Conv2d', 'GlobalAvgPool2d', 'Flatten', 'Linear']);
    expect(m.graph.nodes.map((n) => n.id)).toEqual([
      'input',
      'features.0',
      'globalaveragepool1',
      'flatten2',
      'gemm3',
    ]);
    expect(node(m.graph, 'features.0').params).toMatchObject({
      out_channels: 4,
      padding: [1, 1],
      bias: false,
    });
    expect(m.weights.map((w) => [w.name, w.shape])).toEqual([
      ['features.0.weight', [4, 3, 3, 3]],
      ['gemm3.weight', [5, 4]],
      ['gemm3.bias', [5]],
    ]);
    expect(m.graph.meta.name).toBe('test');
    expect(analyze(m.graph).problems).toEqual([]);
  });

  it('refuses every op no layer reads in one message, naming each type and node', () => {
    const message = importError(
      testModel({
        nodes: [
          { op: 'Resize', name: 'up', inputs: ['x'], outputs: ['a'] },
          { op: 'Softmax', name: 's1', inputs: ['a'], outputs: ['b'] },
          { op: 'Softmax', name: 's2', inputs: ['b'], outputs: ['c'] },
          { op: 'FusedConv', domain: 'com.microsoft', name: 'f', inputs: ['c'], outputs: ['y'] },
        ],
      }),
    );
    expect(message).toBe(
      'the model uses ops CNN Studio has no layer for: Resize ("up"); Softmax ("s1", "s2"); com.microsoft.FusedConv ("f")',
    );
  });

  it('lists every node a layer cannot take as it is, all at once', () => {
    const message = importError(
      headed({
        nodes: [
          { op: 'Clip', name: 'clip', inputs: ['x', 'lo', 'hi'], outputs: ['a'] },
          // 8 + 0 + 2 − 3 = 7 windows of stride 1, but padding 0 on both sides gives 6.
          conv('odd', 'x', 'b', {
            attributes: { kernel_shape: { ints: [3, 3] }, pads: { ints: [0, 0, 2, 2] } },
          }),
          {
            op: 'MaxPool',
            name: 'max',
            inputs: ['x'],
            outputs: ['c'],
            attributes: { kernel_shape: { ints: [3, 3] }, dilations: { ints: [2, 2] } },
          },
        ],
        initializers: {
          lo: { dims: [], values: [-1] },
          hi: { dims: [], values: [1] },
          ...convWeights('odd'),
        },
        feature: 'c',
        channels: 3,
      }),
    );
    expect(message).toMatch(/^3 nodes cannot be read: /);
    expect(message).toContain(
      'Clip "clip": clips to [-1, 1]; only [0, 6] (ReLU6) and [0, ∞) (ReLU) are layers',
    );
    expect(message).toContain('Conv "odd": its padding 0 before and 2 after on the height axis');
    expect(message).toContain('MaxPool "max": dilated pooling is not supported');
  });

  it.each([
    [10, 'the model uses ONNX opset 10; CNN Studio reads opsets 11 to 18'],
    [19, 'the model uses ONNX opset 19; CNN Studio reads opsets 11 to 18'],
  ])('refuses opset %i', (opset, words) => {
    expect(
      importError(testModel({ opset, nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }] })),
    ).toContain(words);
  });

  it('reads opset 18, where ReduceMean takes its axes as an input', () => {
    const m = importOnnx(
      testModel({
        opset: 18,
        nodes: [
          { op: 'ReduceMean', inputs: ['x', 'axes'], outputs: ['m'] },
          { op: 'Flatten', inputs: ['m'], outputs: ['y'] },
        ],
        initializers: { axes: { dims: [2], values: [2, 3], int64: true } },
      }),
    );
    expect(kinds(m.graph)).toEqual(['Input', 'GlobalAvgPool2d', 'Flatten']);
    expect(m.opset).toBe(18);
  });

  it.each([
    [
      'two inputs',
      {
        inputs: [
          { name: 'x', dims: [1, 3, 8, 8] },
          { name: 'z', dims: [1, 3, 8, 8] },
        ],
      },
      'the model has 2 inputs (x, z)',
    ],
    [
      'a free height',
      { inputs: [{ name: 'x', dims: ['N', 3, 'H', 8] }] },
      'the input "x" is ?×3×?×8; CNN Studio needs N×C×H×W images with fixed C, H and W',
    ],
    ['vectors', { inputs: [{ name: 'x', dims: ['N', 10] }] }, 'the input "x" is ?×10'],
    [
      'integers',
      { inputs: [{ name: 'x', dims: [1, 3, 8, 8], type: 7 }] },
      'the input "x" is not of float32 values',
    ],
    ['two outputs', { outputs: ['y', 'x'] }, 'the model has 2 outputs (y, x)'],
  ])('refuses %s', (_, m, words) => {
    const bytes = testModel({ nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }], ...m });
    expect(importError(bytes)).toContain(words);
  });

  it('refuses weights kept in an external file, and values nothing computes', () => {
    const model = onnx.ModelProto.decode(
      testModel({ nodes: [conv('c', 'x', 'y')], initializers: convWeights('c') }),
    );
    model.graph!.initializer![0]!.data_location = onnx.TensorProto.DataLocation.EXTERNAL;
    expect(importError(onnx.ModelProto.encode(model).finish())).toContain(
      'initializer "c.w" keeps its data in an external file',
    );
    expect(
      importError(testModel({ nodes: [{ op: 'Relu', inputs: ['ghost'], outputs: ['y'] }] })),
    ).toBe('values that nothing computes are read: "relu0" reads "ghost"');
  });

  it.each([
    ['nothing', new Uint8Array(0), 'the file is empty'],
    ['a PNG', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 'not an ONNX model'],
    ['text', new TextEncoder().encode('{"format": "cnn-studio.graph"}'), 'not an ONNX model'],
    [
      'no graph',
      onnx.ModelProto.encode({ ir_version: 8, opset_import: [{ version: 17 }] }).finish(),
      'the file holds no graph',
    ],
  ])('refuses %s in one line', (_, bytes, words) => {
    const message = importError(bytes);
    expect(message).toContain(words);
    expect(message).not.toContain('\n');
  });

  it('folds a zero Pad into the conv and the average pool after it, and refuses it before MaxPool', () => {
    const pad = (out: string, extra: Partial<TestNode> = {}): TestNode => ({
      op: 'Pad',
      name: `pad_${out}`,
      inputs: ['x', 'pads'],
      outputs: [out],
      ...extra,
    });
    const pads = { pads: { dims: [8], values: [0, 0, 1, 2, 0, 0, 1, 2], int64: true } };
    const m = importOnnx(
      headed({
        nodes: [
          pad('p'),
          conv('c', 'p', 'a', { attributes: { kernel_shape: { ints: [3, 3] } } }),
          pad('q', { inputs: ['a', 'pads'] }),
          {
            op: 'AveragePool',
            name: 'avg',
            inputs: ['q'],
            outputs: ['b'],
            attributes: { kernel_shape: { ints: [5, 5] }, strides: { ints: [1, 1] } },
          },
        ],
        initializers: { ...pads, ...convWeights('c') },
        feature: 'b',
        channels: 4,
      }),
    );
    expect(kinds(m.graph)).toEqual([
      'Input',
      'Conv2d',
      'AvgPool2d',
      'GlobalAvgPool2d',
      'Flatten',
      'Linear',
    ]);
    expect(node(m.graph, 'c').params).toMatchObject({ padding: [1, 2] });
    expect(node(m.graph, 'avg').params).toMatchObject({ kernel_size: [5, 5], padding: [1, 2] });
    const toMax = headed({
      nodes: [
        pad('p'),
        {
          op: 'MaxPool',
          name: 'max',
          inputs: ['p'],
          outputs: ['b'],
          attributes: { kernel_shape: { ints: [3, 3] } },
        },
      ],
      initializers: pads,
      feature: 'b',
      channels: 3,
    });
    expect(importError(toMax)).toContain(
      'Pad "pad_p": feeds MaxPool "max"; zero padding folds only into Conv and AveragePool',
    );
    const reflect = headed({
      nodes: [pad('p', { attributes: { mode: { string: 'reflect' } } }), conv('c', 'p', 'b')],
      initializers: { ...pads, ...convWeights('c') },
      feature: 'b',
      channels: 4,
    });
    expect(importError(reflect)).toContain('Pad "pad_p": pads by "reflect"');
  });

  it('reads auto_pad as the symmetric padding that gives the same windows, or refuses it', () => {
    const same = (mode: string, stride: number) =>
      headed({
        nodes: [
          conv('c', 'x', 'a', {
            attributes: {
              kernel_shape: { ints: [3, 3] },
              strides: { ints: [stride, stride] },
              auto_pad: { string: mode },
            },
          }),
        ],
        initializers: convWeights('c'),
        feature: 'a',
        channels: 4,
      });
    expect(node(importOnnx(same('SAME_UPPER', 1)).graph, 'c').params).toMatchObject({
      padding: [1, 1],
    });
    // Stride 2 over 8: 1 pad before and none after (SAME_LOWER) meets the windows of padding 1.
    expect(node(importOnnx(same('SAME_LOWER', 2)).graph, 'c').params).toMatchObject({
      padding: [1, 1],
    });
    expect(importError(same('SAME_UPPER', 2))).toContain(
      "its padding 0 before and 1 after on the height axis gives windows PyTorch's symmetric padding cannot",
    );
  });

  it('adds up Pads in a row, and refuses shape arithmetic on computed values', () => {
    const pads = (name: string, v: number[]) => ({ [name]: { dims: [8], values: v, int64: true } });
    const m = importOnnx(
      headed({
        nodes: [
          { op: 'Pad', inputs: ['x', 'p1'], outputs: ['a'] },
          { op: 'Pad', inputs: ['a', 'p2'], outputs: ['b'] },
          conv('c', 'b', 'y0', { attributes: { kernel_shape: { ints: [3, 3] } } }),
        ],
        initializers: {
          ...pads('p1', [0, 0, 1, 1, 0, 0, 1, 1]),
          ...pads('p2', [0, 0, 2, 2, 0, 0, 2, 2]),
          ...convWeights('c'),
        },
        feature: 'y0',
        channels: 4,
      }),
    );
    expect(node(m.graph, 'c').params).toMatchObject({ padding: [3, 3] });
    const computed = testModel({
      nodes: [
        {
          op: 'Transpose',
          name: 't',
          inputs: ['x'],
          outputs: ['y'],
          attributes: { perm: { ints: [0, 1, 3, 2] } },
        },
      ],
    });
    expect(importError(computed)).toContain(
      'Transpose "t": computes from the data at run time; CNN Studio folds such ops only when all their inputs are constants',
    );
  });

  it('reads Gemm with transB 0, alpha and beta, MatMul + Add, and MatMul as Linear layers', () => {
    const m = importOnnx(
      testModel({
        inputs: [{ name: 'x', dims: ['N', 2, 1, 1] }],
        nodes: [
          { op: 'Flatten', inputs: ['x'], outputs: ['f'] },
          {
            op: 'Gemm',
            name: 'g',
            inputs: ['f', 'B', 'C'],
            outputs: ['a'],
            attributes: { alpha: { float: 2 }, beta: { float: 3 } },
          },
          { op: 'MatMul', name: 'mm', inputs: ['a', 'W'], outputs: ['b'] },
          { op: 'Add', name: 'bias', inputs: ['b', 'c'], outputs: ['d'] },
          { op: 'MatMul', name: 'last', inputs: ['d', 'V'], outputs: ['y'] },
        ],
        initializers: {
          B: { dims: [2, 3], values: [1, 2, 3, 4, 5, 6] },
          C: { dims: [3], values: [1, 1, 2] },
          W: { dims: [3, 2], values: [1, 2, 3, 4, 5, 6] },
          c: { dims: [2], values: [7, 8] },
          V: { dims: [2, 1], values: [1, -1] },
        },
      }),
    );
    expect(kinds(m.graph)).toEqual(['Input', 'Flatten', 'Linear', 'Linear', 'Linear']);
    const w = Object.fromEntries(
      m.weights.map((t) => [t.name, Array.from(t.data as Float32Array)]),
    );
    // Gemm: 2·Bᵀ and 3·C; MatMul: Wᵀ, with the Add's bias; the last MatMul: Vᵀ, no bias.
    expect(w['g.weight']).toEqual([2, 8, 4, 10, 6, 12]);
    expect(w['g.bias']).toEqual([3, 3, 6]);
    expect(w['bias.weight']).toEqual([1, 3, 5, 2, 4, 6]);
    expect(w['bias.bias']).toEqual([7, 8]);
    expect(w['last.weight']).toEqual([1, -1]);
    expect(node(m.graph, 'last').params).toEqual({ out_features: 1, bias: false });
  });

  it('reads the patterns PyTorch writes: x·sigmoid(x) as SiLU, x·HardSigmoid(x) as Hardswish, Clip as ReLU6', () => {
    const m = importOnnx(
      headed({
        opset: 11,
        nodes: [
          { op: 'Sigmoid', inputs: ['x'], outputs: ['s'] },
          { op: 'Mul', name: 'silu', inputs: ['x', 's'], outputs: ['a'] },
          {
            op: 'HardSigmoid',
            inputs: ['a'],
            outputs: ['h'],
            attributes: { alpha: { float: 1 / 6 } },
          },
          { op: 'Mul', name: 'hswish', inputs: ['h', 'a'], outputs: ['b'] },
          { op: 'Clip', name: 'relu6', inputs: ['b', 'zero', 'six'], outputs: ['c'] },
          { op: 'Clip', name: 'relu', inputs: ['c', 'zero'], outputs: ['d'] },
          {
            op: 'LeakyRelu',
            name: 'leaky',
            inputs: ['d'],
            outputs: ['e'],
            attributes: { alpha: { float: 0.2 } },
          },
        ],
        initializers: { zero: { dims: [], values: [0] }, six: { dims: [], values: [6] } },
        feature: 'e',
        channels: 3,
      }),
    );
    expect(m.graph.nodes.slice(1, 6).map((n) => [n.id, n.kind])).toEqual([
      ['silu', 'SiLU'],
      ['hswish', 'Hardswish'],
      ['relu6', 'ReLU6'],
      ['relu', 'ReLU'],
      ['leaky', 'LeakyReLU'],
    ]);
    expect(node(m.graph, 'leaky').params).toEqual({ negative_slope: 0.2 });
  });

  it('keeps a Sigmoid that something else reads too, and multiplies by it as a Mul', () => {
    const m = importOnnx(
      testModel({
        inputs: [{ name: 'x', dims: ['N', 4, 2, 2] }],
        nodes: [
          { op: 'Sigmoid', name: 'sig', inputs: ['x'], outputs: ['s'] },
          { op: 'Mul', name: 'mul', inputs: ['x', 's'], outputs: ['a'] },
          { op: 'Add', name: 'sum', inputs: ['a', 's'], outputs: ['y'] },
        ],
      }),
    );
    expect(kinds(m.graph)).toEqual(['Input', 'Sigmoid', 'Mul', 'Add']);
  });

  it('names layers after PyTorch’s module paths, settling clashes', () => {
    const relu = (name: string, i: string, o: string): TestNode => ({
      op: 'Relu',
      name,
      inputs: [i],
      outputs: [o],
    });
    const m = importOnnx(
      headed({
        nodes: [
          conv('/layer1/layer1.0/conv1/Conv', 'x', 'a', { inputs: ['x', 'onnx::Conv_7'] }),
          relu('/layer1/layer1.0/relu/Relu', 'a', 'b'),
          conv('/layer1/layer1.0/conv2/Conv', 'b', 'c', { inputs: ['b', 'onnx::Conv_8'] }),
          { op: 'Add', name: '/layer1/layer1.0/Add', inputs: ['c', 'a'], outputs: ['d'] },
          relu('/layer1/layer1.0/relu_1/Relu', 'd', 'e'),
          relu('training', 'e', 'f'),
          relu('a b/c::d', 'f', 'g'),
          relu('', 'g', 'h'),
        ],
        initializers: {
          'onnx::Conv_7': { dims: [4, 3, 3, 3] },
          'onnx::Conv_8': { dims: [4, 4, 3, 3] },
        },
        feature: 'h',
        channels: 4,
      }),
    );
    expect(m.graph.nodes.map((n) => n.id).slice(1, 9)).toEqual([
      'layer1.0.conv1',
      'layer1.0.relu',
      'layer1.0.conv2',
      'layer1.0.add',
      'layer1.0.relu_1',
      'training_',
      'a_b.c_d',
      'h',
    ]);
  });

  it('passes Identity and eval-mode Dropout through, refuses Dropout in training mode, prunes dead ends', () => {
    const m = importOnnx(
      testModel({
        inputs: [{ name: 'x', dims: ['N', 4, 1, 1] }],
        nodes: [
          { op: 'Identity', inputs: ['x'], outputs: ['a'] },
          { op: 'Dropout', inputs: ['a', 'ratio'], outputs: ['b'] },
          { op: 'Relu', name: 'unused', inputs: ['b'], outputs: ['dead'] },
          { op: 'Sigmoid', name: 'sig', inputs: ['b'], outputs: ['y'] },
        ],
        initializers: { ratio: { dims: [], values: [0.5] } },
      }),
    );
    expect(m.graph.nodes.map((n) => n.id)).toEqual(['input', 'sig']);
    const training = testModel({
      inputs: [{ name: 'x', dims: ['N', 4, 1, 1] }],
      nodes: [{ op: 'Dropout', name: 'd', inputs: ['x', 'ratio', 'on'], outputs: ['y'] }],
      initializers: { ratio: { dims: [], values: [0.5] }, on: { dims: [], values: [1] } },
    });
    expect(importError(training)).toContain('Dropout "d" may run in training mode');
  });

  it('reads BatchNormalization as BatchNorm2d or BatchNorm1d, eps and momentum as PyTorch writes them', () => {
    const bn = (input: string, output: string, c: string): TestNode => ({
      op: 'BatchNormalization',
      name: `bn_${output}`,
      inputs: [input, `${c}.s`, `${c}.b`, `${c}.m`, `${c}.v`],
      outputs: [output],
      attributes: { epsilon: { float: 1e-3 }, momentum: { float: 0.99 } },
    });
    const stats = (c: string, n: number) =>
      Object.fromEntries(['s', 'b', 'm', 'v'].map((k) => [`${c}.${k}`, { dims: [n], values: 1 }]));
    const m = importOnnx(
      testModel({
        nodes: [
          bn('x', 'a', 'p'),
          { op: 'GlobalAveragePool', inputs: ['a'], outputs: ['g'] },
          { op: 'Flatten', inputs: ['g'], outputs: ['f'] },
          bn('f', 'y', 'q'),
        ],
        initializers: { ...stats('p', 3), ...stats('q', 3) },
      }),
    );
    expect(kinds(m.graph)).toEqual([
      'Input',
      'BatchNorm2d',
      'GlobalAvgPool2d',
      'Flatten',
      'BatchNorm1d',
    ]);
    expect(node(m.graph, 'bn_a').params).toEqual({ eps: 0.001, momentum: 0.01 });
    const counter = m.weights.find((w) => w.name === 'bn_a.num_batches_tracked')!;
    expect([counter.dtype, counter.shape]).toEqual(['I64', []]);
  });

  it('reads tensors stored as float_data, int64_data, doubles and halves', () => {
    const t = (name: string, dims: number[], fields: Partial<onnx.TensorProto.$Properties>) => ({
      name,
      dims,
      ...fields,
    });
    const model = onnx.ModelProto.decode(
      testModel({
        inputs: [{ name: 'x', dims: ['N', 2, 1, 1] }],
        nodes: [
          { op: 'Flatten', inputs: ['x'], outputs: ['f'] },
          { op: 'Gemm', name: 'g', inputs: ['f', 'B', 'C'], outputs: ['y'] },
        ],
      }),
    );
    model.graph!.initializer = [
      t('B', [2, 2], { data_type: 11, double_data: [1, 2, 3, 4] }),
      // 1.5 and −2 as IEEE halves.
      t('C', [2], {
        data_type: 10,
        raw_data: new Uint8Array(Uint16Array.of(0x3e00, 0xc000).buffer),
      }),
    ];
    const m = importOnnx(onnx.ModelProto.encode(model).finish());
    const w = Object.fromEntries(
      m.weights.map((x) => [x.name, Array.from(x.data as Float32Array)]),
    );
    expect(w).toEqual({ 'g.weight': [1, 3, 2, 4], 'g.bias': [1.5, -2] });
    model.graph!.initializer = [t('B', [2, 2], { data_type: 1, float_data: [1, 2, 3] })];
    expect(importError(onnx.ModelProto.encode(model).finish())).toContain(
      'initializer "B" holds 3 values but its dims [2,2] make 4',
    );
    // Integer weights are read as floats; a bias that is neither given nor computed is named.
    model.graph!.initializer = [tensorProto('B', [2, 2], [1, 2, 3, 4], true)];
    expect(importError(onnx.ModelProto.encode(model).finish())).toBe(
      'values that nothing computes are read: "g" reads "C"',
    );
  });
});

describe('export → import → export', () => {
  const allKinds = (): Graph => {
    const r = parseGraph(
      readFileSync(new URL('../../fixtures/export/all-kinds.json', import.meta.url), 'utf8'),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.graph;
  };
  const weightsOf = (graph: Graph) =>
    new Map(
      analyze(graph).ops.flatMap((op) =>
        op.weights
          .filter((w) => w.name !== 'num_batches_tracked')
          .map(
            (w) =>
              [
                `${op.name}.${w.name}`,
                {
                  shape: w.shape,
                  data: Float32Array.from(
                    { length: numel(w.shape) },
                    (_, i) => 1 + Math.sin(i) / 4,
                  ),
                },
              ] as const,
          ),
      ),
    );

  it('gives the same ONNX graph for every layer kind, but the dropout ONNX inference does not keep', () => {
    const graph = allKinds();
    const first = exportOnnx(graph, { weights: weightsOf(graph) });
    const imported = importOnnx(first);
    const again = exportOnnx(imported.graph, {
      weights: new Map(
        imported.weights
          .filter((w) => w.dtype === 'F32')
          .map((w) => [w.name, { shape: w.shape, data: w.data as Float32Array }]),
      ),
    });
    const nodes = (bytes: Uint8Array) => {
      const g = onnx.ModelProto.toObject(onnx.ModelProto.decode(bytes), { longs: Number }).graph;
      // Dropout is an Identity in ONNX, which the importer drops: wire its readers to its input.
      const identity = new Map<string, string>(
        g.node
          .filter((n: { op_type: string }) => n.op_type === 'Identity')
          .map((n: { output: string[]; input: string[] }) => [n.output[0], n.input[0]]),
      );
      // The same graph, in the order analyze() runs each (a block's layers in the block's order).
      return g.node
        .sort((a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name))
        .filter((n: { op_type: string }) => n.op_type !== 'Identity')
        .map((n: { input: string[] }) => ({
          ...n,
          input: n.input.map((i) => identity.get(i) ?? i),
        }));
    };
    expect(nodes(again)).toEqual(nodes(first));
    const params = (g: Graph) =>
      g.nodes.filter((n) => n.kind !== 'Dropout').map((n) => [n.kind, n.params as Params]);
    const flat = analyze(graph)
      .ops.filter((o) => o.kind !== 'Dropout')
      .map((o) => [o.kind, o.params]);
    expect(params(imported.graph)).toEqual(flat);
  });
});
