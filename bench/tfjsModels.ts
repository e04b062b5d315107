/**
 * The benchmark networks written with tfjs-core ops (NHWC, tfjs's native layout), the same
 * architectures as CNN Studio's `lenet`, `lenet-d2l` and `resnet18` templates: the chapter's
 * LeNet (sigmoid, max pooling, no padding), d2l.ai's LeNet (sigmoid, average pooling, padding 2)
 * and d2l's ResNet-18 (convs with bias, BatchNorm, 1×1-conv shortcuts on downsampling).
 * BatchNorm normalises with batch statistics in training and with running statistics in
 * inference; the running statistics are not updated here (CNN Studio updates them, so this
 * leaves tfjs slightly less work).
 */
import * as tf from '@tensorflow/tfjs-core';

export interface TfModel {
  variables: tf.Variable[];
  /** Logits [batch, 10]. */
  apply(x: tf.Tensor4D, training: boolean): tf.Tensor2D;
}

class Builder {
  readonly variables: tf.Variable[] = [];

  param(shape: number[], fanIn: number): tf.Variable {
    const v = tf.variable(tf.mul(tf.randomUniform(shape, -1, 1), 1 / Math.sqrt(fanIn)), true);
    this.variables.push(v);
    return v;
  }

  conv(cin: number, cout: number, k: number, stride = 1, pad = 0) {
    const w = this.param([k, k, cin, cout], cin * k * k);
    const b = this.param([cout], cin * k * k);
    const padding: [[number, number], [number, number], [number, number], [number, number]] = [
      [0, 0],
      [pad, pad],
      [pad, pad],
      [0, 0],
    ];
    return (x: tf.Tensor4D): tf.Tensor4D =>
      tf.add(tf.conv2d(x, w as tf.Tensor4D, stride, pad === 0 ? 'valid' : padding), b);
  }

  linear(inF: number, outF: number) {
    const w = this.param([inF, outF], inF);
    const b = this.param([outF], inF);
    return (x: tf.Tensor2D): tf.Tensor2D => tf.add(tf.matMul(x, w as tf.Tensor2D), b);
  }

  batchNorm(c: number) {
    const gamma = this.param([c], 1) as tf.Tensor1D;
    const beta = this.param([c], 1) as tf.Tensor1D;
    const runningMean = tf.zeros([c]) as tf.Tensor1D;
    const runningVar = tf.ones([c]) as tf.Tensor1D;
    return (x: tf.Tensor4D, training: boolean): tf.Tensor4D => {
      if (!training) return tf.batchNorm4d(x, runningMean, runningVar, beta, gamma, 1e-5);
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      return tf.batchNorm4d(x, mean as tf.Tensor1D, variance as tf.Tensor1D, beta, gamma, 1e-5);
    };
  }
}

/** The chapter's LeNet, or with `d2l` d2l.ai's. */
export function tfLenet(d2l: boolean): TfModel {
  const m = new Builder();
  const conv1 = m.conv(1, 6, 5, 1, d2l ? 2 : 0);
  const conv2 = m.conv(6, 16, 5);
  const fc1 = m.linear(d2l ? 16 * 5 * 5 : 16 * 4 * 4, 120);
  const fc2 = m.linear(120, 84);
  const fc3 = m.linear(84, 10);
  const pool = (h: tf.Tensor4D) =>
    d2l ? tf.avgPool(h, 2, 2, 'valid') : tf.maxPool(h, 2, 2, 'valid');
  return {
    variables: m.variables,
    apply(x) {
      let h = pool(tf.sigmoid(conv1(x)));
      h = pool(tf.sigmoid(conv2(h)));
      const flat = tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D;
      return fc3(tf.sigmoid(fc2(tf.sigmoid(fc1(flat)))));
    },
  };
}

function residual(m: Builder, cin: number, cout: number, stride: number) {
  const conv1 = m.conv(cin, cout, 3, stride, 1);
  const bn1 = m.batchNorm(cout);
  const conv2 = m.conv(cout, cout, 3, 1, 1);
  const bn2 = m.batchNorm(cout);
  const conv3 = stride !== 1 || cin !== cout ? m.conv(cin, cout, 1, stride) : undefined;
  return (x: tf.Tensor4D, training: boolean): tf.Tensor4D => {
    const y = bn2(conv2(tf.relu(bn1(conv1(x), training))), training);
    return tf.relu(tf.add(y, conv3 ? conv3(x) : x) as tf.Tensor4D);
  };
}

export function tfResnet18(): TfModel {
  const m = new Builder();
  const stem = m.conv(1, 64, 7, 2, 3);
  const bn = m.batchNorm(64);
  const blocks: ((x: tf.Tensor4D, training: boolean) => tf.Tensor4D)[] = [];
  let cin = 64;
  for (const [stage, cout] of [64, 128, 256, 512].entries()) {
    for (let i = 0; i < 2; i++) {
      blocks.push(residual(m, cin, cout, i === 0 && stage > 0 ? 2 : 1));
      cin = cout;
    }
  }
  const fc = m.linear(512, 10);
  return {
    variables: m.variables,
    apply(x, training) {
      let h = tf.maxPool(tf.relu(bn(stem(x), training)), 3, 2, 1);
      for (const block of blocks) h = block(h, training);
      return fc(tf.mean(h, [1, 2]) as tf.Tensor2D);
    },
  };
}
