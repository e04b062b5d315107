/**
 * The Learn area's lessons, one per idea of the CNN chapter (动手学深度学习 PyTorch 版, chapter 5
 * 卷积神经网络), in the chapter's order; each opens on the chapter's own example.
 */
import type { ReactNode } from 'react';
import { analyze, residual, template } from '../../graph/index.js';
import type { LessonState, StateSpec } from './lessonState.js';
import { BatchNormLesson, batchNormSpec } from './lessons/batchNorm.js';
import { ConvLab, convSpec, type Control } from './lessons/convLab.js';
import { NetworkLesson, type NetworkInfo } from './lessons/network.js';
import { OneByOneLesson, oneByOneSpec } from './lessons/oneByOne.js';
import { PoolingLesson, poolingPresets, poolingSpec } from './lessons/pooling.js';
import { ReceptiveFieldLesson, receptiveFieldSpec } from './lessons/receptiveField.js';

export interface LessonBodyProps {
  state: LessonState;
  set(patch: LessonState): void;
}

export interface Lesson {
  slug: string;
  title: string;
  /** The chapter's section, as it is titled there. */
  section: string;
  intro: ReactNode;
  spec: StateSpec;
  /** One click to each of the chapter's examples of this idea. */
  presets?: { label: string; state: LessonState }[];
  Body(props: LessonBodyProps): React.JSX.Element;
}

const X = [
  [
    [0, 1, 2],
    [3, 4, 5],
    [6, 7, 8],
  ],
];
const K = [
  [
    [0, 1],
    [2, 3],
  ],
];
/** 5.3.1's two-channel X and K. */
const X2 = [
  ...X,
  [
    [1, 2, 3],
    [4, 5, 6],
    [7, 8, 9],
  ],
];
const K2 = [
  ...K,
  [
    [1, 2],
    [3, 4],
  ],
];
/** 5.1.3: a 6×8 image, black (0) in columns 2–5, and the kernel [1, −1]. */
const edges = [Array.from({ length: 6 }, () => [1, 1, 0, 0, 0, 0, 1, 1])];

/** A template's parameter count as the analysis computes it, e.g. 44,426. */
const params = (name: string) => analyze(template(name)!).totals.paramCount.toLocaleString('en-US');

const conv = (controls: Control[]) =>
  function ConvBody({ state, set }: LessonBodyProps) {
    return <ConvLab state={state} set={set} controls={controls} />;
  };

const network = (info: NetworkInfo) =>
  function NetworkBody() {
    return <NetworkLesson info={info} />;
  };

export const lessons: Lesson[] = [
  {
    slug: 'cross-correlation',
    title: 'Two-dimensional cross-correlation',
    section: '5.1 二维卷积层 · 5.1.1 二维互相关运算',
    intro: (
      <>
        <p>
          A convolutional layer slides a kernel K over its input X: at each position it multiplies
          the overlapping elements and sums them, giving one element of the output Y. The chapter’s
          example: X is 0…8 as a 3×3 array, K is 0…3 as 2×2, and Y[0, 0] = 0×0 + 1×1 + 3×2 + 4×3 =
          19.
        </p>
        <p>
          The layer adds a bias b to every output (5.1.2 二维卷积层), and learns K and b. What the
          chapter and PyTorch call convolution is this cross-correlation; flipping the kernel would
          give the textbook convolution, and a learned kernel would simply come out flipped (5.1.5).
          Click an element of Y to see its window; type into X or K and Y follows.
        </p>
      </>
    ),
    spec: convSpec(X, K),
    presets: [
      { label: '5.1.1: X = 0…8, K = 0…3', state: { X, K, b: 0 } },
      {
        label: '5.1.3: edges with K = [1, −1]',
        state: {
          X: edges,
          K: [[[1, -1]]],
          b: 0,
        },
      },
    ],
    Body: conv(['size', 'kernel', 'bias']),
  },
  {
    slug: 'receptive-field',
    title: 'Feature maps and receptive fields',
    section: '5.1.6 特征图和感受野',
    intro: (
      <p>
        The output of a convolutional layer is a feature map; the elements of the input that an
        output element can depend on are its receptive field. Y = X ⋆ K is 2×2, each element seeing
        a 2×2 window of X; z = Y ⋆ K′ sees all four elements of Y, and through them all 9 elements
        of X. Deeper layers see more of the image. Click any element of Y or z. The same analysis
        marks the field of any layer of your own network: select a layer on the canvas and click its
        map in the inspector.
      </p>
    ),
    spec: receptiveFieldSpec,
    Body: ReceptiveFieldLesson,
  },
  {
    slug: 'padding-and-stride',
    title: 'Padding and stride',
    section: '5.2 填充和步幅',
    intro: (
      <p>
        Padding adds zeros around X, so the kernel also fits at the edges: with padding 1 the 3×3 X
        becomes 5×5, and the 2×2 kernel gives a 4×4 output whose first element is 0×0 + 0×1 + 0×2 +
        0×3 = 0 (Figure 5.2). The stride is how far the window moves: with stride 3 down and 2
        across the output is 2×2, with 0×0 + 0×1 + 1×2 + 2×3 = 8 and 0×0 + 6×1 + 0×2 + 0×3 = 6
        (Figure 5.3). The output size on each axis follows from n, k, p and s.
      </p>
    ),
    spec: convSpec(X, K, { padding: [1, 1] }),
    presets: [
      { label: '5.2.1: padding 1', state: { X, K, padding: [1, 1], stride: [1, 1] } },
      { label: '5.2.2: stride 3 × 2', state: { X, K, padding: [1, 1], stride: [3, 2] } },
    ],
    Body: conv(['size', 'kernel', 'padding', 'stride']),
  },
  {
    slug: 'multiple-input-channels',
    title: 'Multiple input channels',
    section: '5.3.1 多输入通道',
    intro: (
      <p>
        With c_i input channels the kernel has c_i channels too: each channel of X is
        cross-correlated with its own channel of K, and the results are summed into one output. The
        chapter’s example: (0×0 + 1×1 + 3×2 + 4×3) + (1×1 + 2×2 + 4×3 + 5×4) = 56, and Y = [[56,
        72], [104, 120]].
      </p>
    ),
    spec: convSpec(X2, K2),
    Body: conv(['channels', 'size', 'kernel']),
  },
  {
    slug: 'multiple-output-channels',
    title: 'Multiple output channels',
    section: '5.3.2 多输出通道',
    intro: (
      <p>
        For c_o output channels the layer holds c_o kernels of c_i × k_h × k_w each, stacked into a
        weight of shape c_o × c_i × k_h × k_w; each makes one output channel. The chapter stacks K,
        K + 1 and K + 2: the first output channel is the 56, 72, 104, 120 of before, the second 76,
        100, 148, 172, the third 96, 128, 192, 224.
      </p>
    ),
    spec: convSpec(X2, K2, { outputs: 3 }),
    Body: conv(['outputs', 'kernel']),
  },
  {
    slug: '1x1-convolution',
    title: '1×1 convolution',
    section: '5.3.3 1×1卷积层',
    intro: (
      <p>
        A 1×1 kernel sees one pixel at a time, so it only mixes channels: each output pixel is a
        weighted sum of the input’s channels at that pixel. That is a fully connected layer, applied
        to every pixel with the same weights, its features being the channels. Below, the runtime
        computes both on the same numbers: a Conv2d with 1×1 kernels on X, and a Linear on X’s 9
        pixels taken as a batch of 9 three-value samples. The chapter uses random X and K
        (torch.rand); these are fixed draws.
      </p>
    ),
    spec: oneByOneSpec,
    Body: OneByOneLesson,
  },
  {
    slug: 'pooling',
    title: 'Pooling',
    section: '5.4 池化层',
    intro: (
      <p>
        A pooling layer slides a window too, but has no kernel: it keeps the largest value of the
        window (max pooling) or their mean (average pooling), which makes the layer less sensitive
        to where exactly a feature sits. On X = 0…8 a 2×2 window gives [[4, 5], [7, 8]] as the
        maximum and [[2, 3], [5, 6]] as the average. Pooling takes padding and stride like a
        convolution (PyTorch’s stride defaults to the window), and pools each channel on its own, so
        it keeps the number of channels.
      </p>
    ),
    spec: poolingSpec,
    presets: poolingPresets,
    Body: PoolingLesson,
  },
  {
    slug: 'lenet',
    title: 'LeNet',
    section: '5.5 卷积神经网络（LeNet）',
    intro: null,
    spec: {},
    Body: network({
      template: 'lenet',
      recipe: { lr: 0.001, batch: 256, epochs: 5 },
      argument: [
        'LeNet (LeCun et al., 1998) was one of the first convolutional networks trained by gradient descent, and reached the best handwritten-digit accuracy of its time. A fully connected network reads an image as one long vector: pixels that are neighbours in a column end up far apart, and a large image needs an enormous weight matrix. Convolutions keep the image in two dimensions and reuse one small kernel at every position.',
        `Its convolutional block is two units of a 5×5 convolution with a sigmoid, then a 2×2 max pooling of stride 2; the second convolution has 16 channels against the first’s 6, because its input is smaller. The fully connected block flattens each sample and ends in 120, 84 and 10 outputs. As the chapter prints it there is no padding, so the first Linear takes 16·4·4 = 256 values: ${params('lenet')} parameters in all. (d2l.ai’s LeNet pads the first convolution by 2 and averages: the template “LeNet (d2l.ai 2nd ed.)”.)`,
      ],
    }),
  },
  {
    slug: 'alexnet',
    title: 'AlexNet',
    section: '5.6 深度卷积神经网络（AlexNet）',
    intro: null,
    spec: {},
    Body: network({
      template: 'alexnet',
      recipe: { lr: 0.001, batch: 128, epochs: 5 },
      argument: [
        'AlexNet won ImageNet 2012 by a wide margin and showed that features learned from data can beat hand-designed ones; it marks the line between shallow and deep networks. Its design follows LeNet’s, with four changes.',
        'It is deeper and much wider: five convolutions (an 11×11 window first, since ImageNet’s objects cover many more pixels than MNIST’s, then 5×5 and 3×3), three 3×3 max poolings of stride 2, and two hidden fully connected layers of 4096. It uses ReLU instead of sigmoid: cheaper, and its gradient is 1 for every positive input, where a saturated sigmoid’s is nearly 0 and stops a badly initialised layer from training. It controls the fully connected layers with dropout (p = 0.5). And it augments the images (flips, crops, colour changes) against overfitting. The chapter feeds it Fashion-MNIST resized to 224×224; its first convolution has no padding (d2l.ai’s pads it by 1, with the same shapes: the template “AlexNet (d2l.ai 2nd ed.)”).',
      ],
    }),
  },
  {
    slug: 'vgg',
    title: 'VGG',
    section: '5.7 使用重复元素的网络（VGG）',
    intro: null,
    spec: {},
    Body: network({
      template: 'vgg11',
      recipe: { lr: 0.001, batch: 64, epochs: 5 },
      blocks: [
        {
          node: 'vgg3',
          title: 'A VGG block: 3×3 convolutions with padding 1, then 2×2 max pooling',
        },
      ],
      argument: [
        'VGG builds a network by repeating one simple block: a few 3×3 convolutions with padding 1, which keep the height and width, then a 2×2 max pooling of stride 2, which halves them. VGG-11 has five blocks of 1, 1, 2, 2 and 2 convolutions with 64, 128, 256, 512 and 512 channels, then AlexNet’s fully connected layers. Stacked small kernels see as far as one large kernel with fewer parameters, and the network is defined by a list of (convolutions, channels) pairs.',
        'The chapter trains a copy with an eighth of the channels to save time; this is the full VGG-11.',
      ],
    }),
  },
  {
    slug: 'nin',
    title: 'Network in Network (NiN)',
    section: '5.8 网络中的网络（NiN）',
    intro: null,
    spec: {},
    Body: network({
      template: 'nin',
      recipe: { lr: 0.002, batch: 128, epochs: 5 },
      blocks: [{ node: 'nin1', title: 'A NiN block: a convolution, then two 1×1 convolutions' }],
      argument: [
        'LeNet, AlexNet and VGG first extract spatial features with convolutions and then classify them with fully connected layers. NiN instead chains small networks: each NiN block is a convolution followed by two 1×1 convolutions, and a 1×1 convolution acts as a fully connected layer at every pixel (see the 1×1 convolution lesson).',
        `It also drops the fully connected output layers: its last block has one channel per class (10), and a global average pooling turns each channel into one score. That removes most of the parameters and with them much of the overfitting: ${params('nin')} parameters against AlexNet’s ${params('alexnet')}.`,
      ],
    }),
  },
  {
    slug: 'googlenet',
    title: 'GoogLeNet',
    section: '5.9 含并行连结的网络（GoogLeNet）',
    intro: null,
    spec: {},
    Body: network({
      template: 'googlenet',
      recipe: { lr: 0.001, batch: 128, epochs: 5 },
      blocks: [{ node: 'b3.0', title: 'An Inception block: four parallel paths, concatenated' }],
      argument: [
        'GoogLeNet’s Inception block runs four paths side by side on the same input — a 1×1 convolution; a 1×1 then a 3×3; a 1×1 then a 5×5; a 3×3 max pooling then a 1×1 — and concatenates their outputs on the channels, so the network can use whichever window sizes help. The 1×1 convolutions first cut the number of channels, which keeps the 3×3 and 5×5 convolutions cheap.',
        'Like VGG it has five blocks, with 3×3 max poolings of stride 2 between them, and like NiN it ends in a global average pooling. The chapter reads 96×96 images. Its second block is a 1×1 and a 3×3 convolution with no ReLU after them; d2l.ai’s has one after each (the template “GoogLeNet (d2l.ai 2nd ed.)”).',
      ],
    }),
  },
  {
    slug: 'batch-normalization',
    title: 'Batch normalization',
    section: '5.10 批量归一化',
    intro: (
      <p>
        Standardised inputs make shallow models easier to train, but in a deep network the
        intermediate outputs drift as the weights change. Batch normalization standardises a layer’s
        output over the mini-batch, y = γ (x − μ_B) / √(σ²_B + ε) + β, with a learned scale γ and
        shift β (5.10.1.1 对全连接层做批量归一化; for a convolution each channel is one feature,
        over all its pixels). A prediction must not depend on the other samples of a batch, so in
        prediction mode the layer uses moving averages of the batch statistics gathered during
        training instead (5.10.1.3 预测时的批量归一化).
      </p>
    ),
    spec: batchNormSpec,
    Body: BatchNormLesson,
  },
  {
    slug: 'resnet',
    title: 'ResNet',
    section: '5.11 残差网络（ResNet）',
    intro: null,
    spec: {},
    Body: network({
      template: 'resnet18',
      recipe: { lr: 0.001, batch: 256, epochs: 5 },
      extraBlocks: [
        {
          kind: 'Residual',
          params: { ...residual.defaults, num_channels: 64 },
          title: 'A residual block: the identity shortcut adds x to what the convolutions compute',
        },
        {
          kind: 'Residual',
          params: { ...residual.defaults, num_channels: 128, use_1x1conv: true, strides: [2, 2] },
          title: 'Where the channels or the size change, a 1×1 convolution reshapes x',
        },
      ],
      argument: [
        'Adding layers should never make a network worse — the new layers could learn the identity map f(x) = x — yet deep plain networks train worse than shallower ones. A residual block makes the identity easy: its layers learn only the residual f(x) − x, and an identity shortcut adds the block’s input back to their output. With weights near zero the block passes x on unchanged, and gradients flow back through the shortcut.',
        'Each block is two 3×3 convolutions with batch normalization, a ReLU between them and one after the addition. When a block halves the size or changes the channels, a 1×1 convolution with the same stride reshapes x to match. ResNet-18 is a 7×7 stem with max pooling, four stages of two residual blocks (64, 128, 256, 512 channels), global average pooling and one fully connected layer.',
      ],
    }),
  },
  {
    slug: 'densenet',
    title: 'DenseNet',
    section: '5.12 稠密连接网络（DenseNet）',
    intro: null,
    spec: {},
    Body: network({
      template: 'densenet',
      recipe: { lr: 0.001, batch: 256, epochs: 5 },
      blocks: [
        {
          node: 'dense_blk1',
          title: 'A dense block: each convolution’s output is concatenated to its input',
        },
        { node: 'tran_blk1', title: 'A transition block halves the channels and the size' },
      ],
      argument: [
        'DenseNet takes ResNet’s shortcut one step further: where ResNet adds a block’s input to its output, DenseNet concatenates them on the channels, so every convolution of a dense block sees the outputs of all those before it. Each convolution unit is batch normalization, ReLU and a 3×3 convolution; with 4 units and growth rate 32 a dense block adds 128 channels.',
        `Concatenation makes the channels grow, so transition blocks — batch normalization, ReLU, a 1×1 convolution that halves the channels, and a 2×2 average pooling of stride 2 — sit between the dense blocks and keep the model small: ${params('densenet')} parameters.`,
      ],
    }),
  },
];

export const lessonOf = (slug: string): Lesson | undefined => lessons.find((l) => l.slug === slug);
