import { describe, expect, it } from 'vitest';
import { templates } from '../../graph/index.js';
import { tensorBytes } from '../gpu.js';
import { smallResNet } from '../test/graphs.js';
import { compile, PlanError, type CompileOptions } from './compile.js';

const sgd = { kind: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 0 } as const;
const training = (batch: number): CompileOptions => ({ batch, training: true, optimizer: sgd });

describe('compile', () => {
  it('plans LeNet training: weights keyed like PyTorch, Flatten free, buffers shared', () => {
    const plan = compile(templates.lenet!(), training(8));
    expect(plan.weights.map((w) => w.key)).toEqual([
      'conv1.weight',
      'conv1.bias',
      'conv2.weight',
      'conv2.bias',
      'fc1.weight',
      'fc1.bias',
      'fc2.weight',
      'fc2.bias',
      'fc3.weight',
      'fc3.bias',
    ]);
    // Flatten reads pool2's buffer: no tensor, no call.
    expect(plan.aliases.get('flatten')).toBe('pool2');
    expect(plan.tensors.has('flatten')).toBe(false);
    expect(plan.calls.some((c) => c.label.includes('flatten'))).toBe(false);
    expect(plan.tensors.get('fc3')!.shape).toEqual([8, 10]);
    // Every trainable weight has momentum state and a gradient.
    expect([...plan.optimizerState.keys()]).toEqual(plan.weights.map((w) => w.key));
    expect(plan.memory.total).toBeLessThan(
      plan.memory.unshared + plan.memory.weights + plan.memory.optimizer + plan.memory.io,
    );
    const sum = (['weights', 'optimizer', 'io', 'activations', 'grads', 'scratch'] as const).reduce(
      (s, k) => s + plan.memory[k],
      0,
    );
    expect(sum).toBe(plan.memory.total);
    expect(plan.memory.total).toBe(plan.slots.reduce((s, slot) => s + slot.bytes, 0));
  });

  it('keeps each activation alive from its forward call to its last use in backward', () => {
    const plan = compile(templates.lenet!(), training(4));
    const [, forwardEnd] = plan.phases.forward;
    const [backwardStart] = plan.phases.backward;
    const conv1 = plan.tensors.get('conv1')!;
    expect(conv1.first).toBeLessThan(forwardEnd);
    // sig1 backward needs conv1's output (or its own), so conv1 lives into backward.
    const sig1 = plan.tensors.get('sig1')!;
    expect(Math.max(conv1.last, sig1.last)).toBeGreaterThanOrEqual(backwardStart);
    for (const t of plan.tensors.values()) {
      if (t.role === 'grad') expect(t.first).toBeGreaterThanOrEqual(plan.phases.loss[0]);
    }
  });

  it('shares no buffer between tensors alive at once', () => {
    const plan = compile(smallResNet(), training(2));
    for (const slot of plan.slots) {
      const ts = slot.tensors.map((n) => plan.tensors.get(n)!);
      for (const a of ts)
        for (const b of ts)
          if (a !== b)
            expect(a.first > b.last || b.first > a.last, `${a.name} / ${b.name}`).toBe(true);
    }
  });

  it('sums the gradient of a tensor that feeds two ops', () => {
    // relu feeds the Residual's conv1 and its 1×1 shortcut conv3.
    const plan = compile(smallResNet(), training(2));
    const writers = plan.calls
      .slice(...plan.phases.backward)
      .filter((c) => c.bindings.some((b) => b.tensor === 'relu:grad' && b.access === 'read_write'));
    expect(writers.length).toBeGreaterThanOrEqual(2);
    expect(plan.weights.filter((w) => w.key.startsWith('res.')).map((w) => w.key)).toContain(
      'res.bn2.num_batches_tracked',
    );
  });

  it('needs no gradient of the input image', () => {
    const plan = compile(templates.lenet!(), training(2));
    expect(plan.tensors.has('input:grad')).toBe(false);
  });

  it('plans evaluation without loss, gradients or optimizer state', () => {
    const plan = compile(smallResNet(), { batch: 3, training: false });
    expect(plan.loss).toBeNull();
    expect([...plan.tensors.values()].some((t) => t.role === 'grad' || t.role === 'state')).toBe(
      false,
    );
    expect(plan.phases.forward[1]).toBe(plan.calls.length);
  });

  it('compiles every template for training', () => {
    for (const [name, make] of Object.entries(templates)) {
      const plan = compile(make(), training(2));
      expect(plan.calls.length, name).toBeGreaterThan(0);
      expect(plan.memory.total, name).toBeGreaterThan(0);
    }
  });

  it('refuses a plan with a tensor above the device limit, naming it and a batch that fits', () => {
    const limits = { maxStorageBufferBindingSize: 1 << 20, maxBufferSize: 1 << 30 };
    let error: unknown;
    try {
      compile(templates.lenet!(), { ...training(512), limits });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlanError);
    const message = (error as Error).message;
    const fits = Number(/largest batch that fits is (\d+)/.exec(message)?.[1]);
    expect(message).toMatch(/tensor "conv1/);
    const largest = (batch: number) =>
      Math.max(
        ...[...compile(templates.lenet!(), training(batch)).tensors.values()].map(tensorBytes),
      );
    expect(largest(fits)).toBeLessThanOrEqual(1 << 20);
    expect(largest(fits + 1)).toBeGreaterThan(1 << 20);
  });

  it('refuses a graph with problems', () => {
    const g = templates.lenet!();
    g.edges = g.edges.filter((e) => e.target !== 'fc1');
    expect(() => compile(g, training(2))).toThrow(PlanError);
  });
});
