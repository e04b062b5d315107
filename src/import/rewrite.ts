/**
 * What the importer does to the graph before layers read it: order the nodes, take constants,
 * pass Identity and Dropout through, fold Pads into the convs and pools they feed.
 */
import type { OnnxTensor } from '../graph/index.js';
import { tensorValues, toNumber } from './decode.js';
import { ImportError, type ImportProblem } from './errors.js';
import { intsOf, where, type RawNode } from './raw.js';

/**
 * The nodes in an order where every value is made before it is read: the file's own, as ONNX
 * requires, or else Kahn's. Refuses reads of values nothing makes, and cycles.
 */
export function topologicalOrder(nodes: RawNode[], ready: Set<string>): RawNode[] {
  const producer = new Map<string, RawNode>();
  for (const raw of nodes) {
    for (const o of raw.outputs) {
      if (!o) continue;
      if (producer.has(o) || ready.has(o)) {
        throw new ImportError(`the value "${o}" is computed twice (again by "${raw.name}")`);
      }
      producer.set(o, raw);
    }
  }
  const missing = nodes.flatMap((raw) =>
    raw.inputs
      .filter((n) => n && !ready.has(n) && !producer.has(n))
      .map((n) => `"${raw.name}" reads "${n}"`),
  );
  if (missing.length > 0) {
    throw new ImportError(`values that nothing computes are read: ${missing.join(', ')}`);
  }
  const made = new Set(ready);
  const inOrder = nodes.every((raw) => {
    const ok = raw.inputs.every((n) => !n || made.has(n));
    for (const o of raw.outputs) made.add(o);
    return ok;
  });
  if (inOrder) return nodes;
  const pending = new Map(
    nodes.map((raw) => [raw, new Set(raw.inputs.filter((n) => n && !ready.has(n)))]),
  );
  const consumers = new Map<string, RawNode[]>();
  for (const raw of nodes) {
    for (const n of pending.get(raw)!) {
      if (!consumers.has(n)) consumers.set(n, []);
      consumers.get(n)!.push(raw);
    }
  }
  const order: RawNode[] = [];
  const queue = nodes.filter((raw) => pending.get(raw)!.size === 0);
  for (let i = 0; i < queue.length; i++) {
    const raw = queue[i]!;
    order.push(raw);
    for (const o of raw.outputs) {
      for (const c of consumers.get(o) ?? []) {
        const waiting = pending.get(c)!;
        if (waiting.delete(o) && waiting.size === 0) queue.push(c);
      }
    }
  }
  if (order.length < nodes.length) {
    const loop = nodes.filter((raw) => pending.get(raw)!.size > 0).map((raw) => `"${raw.name}"`);
    throw new ImportError(`the graph has a cycle through ${loop.join(', ')}`);
  }
  return order;
}

/** A Constant node's tensor (value, or one of the value_* shorthands). */
export function constantNode(raw: RawNode): OnnxTensor {
  const a = raw.attributes;
  const what = `the Constant "${raw.name}"`;
  if (a.get('value')?.t) return tensorValues(a.get('value')!.t!, what);
  const scalar = (v: number) => ({ dims: [], data: Float32Array.of(v) });
  const list = (v: number[]) => ({ dims: [v.length], data: Float32Array.from(v) });
  if (a.has('value_float')) return scalar(a.get('value_float')!.f ?? 0);
  if (a.has('value_int')) return scalar(toNumber(a.get('value_int')!.i, what));
  if (a.has('value_floats')) return list(a.get('value_floats')!.floats ?? []);
  if (a.has('value_ints'))
    return list((a.get('value_ints')!.ints ?? []).map((v) => toNumber(v, what)));
  throw new ImportError(`${what} holds no numeric tensor`);
}

/** A node to fold, as fold() reads it. */
export function foldInput(raw: RawNode, constants: Map<string, OnnxTensor>) {
  const what = `${raw.opType} "${raw.name}"`;
  return {
    opType: raw.opType,
    inputs: raw.inputs.map((n) => (n ? constants.get(n)! : null)),
    int: (name: string, fallback: number) => {
      const a = raw.attributes.get(name);
      return a ? toNumber(a.i, `${what}'s ${name}`) : fallback;
    },
    ints: (name: string, fallback: readonly number[] | null) =>
      intsOf(raw.attributes.get(name), `${what}'s ${name}`) ?? (fallback && [...fallback]),
    tensor: (name: string) => {
      const t = raw.attributes.get(name)?.t;
      return t ? tensorValues(t, `${what}'s ${name}`) : null;
    },
  };
}

/** Identity, and inference-mode Dropout, Concat and Sum of one input: their output is their input. */
export function passesThrough(raw: RawNode, constants: Map<string, OnnxTensor>): boolean {
  const computedInputs = raw.inputs.filter((n) => n !== '');
  if (raw.opType === 'Identity') return true;
  if (raw.opType === 'Dropout') {
    // Opset 12 made training_mode an input; an eval-mode graph leaves it out or sets it false.
    const training = raw.inputs[2] ? constants.get(raw.inputs[2]) : undefined;
    if (raw.inputs[2] && (!training || training.data[0] !== 0)) {
      throw new ImportError(
        `Dropout "${raw.name}" may run in training mode; export the model in eval mode`,
      );
    }
    return true;
  }
  return (raw.opType === 'Concat' || raw.opType === 'Sum') && computedInputs.length === 1;
}

/**
 * Folds each zero Pad into the Conv and AveragePool nodes it feeds (as their own padding, which
 * PyTorch's Conv2d and AvgPool2d take); an all-zero Pad just passes through. Anything else is a
 * failure: other modes and values, padding of the batch or channels, or a Pad feeding other ops.
 */
export function foldPads(
  ordered: RawNode[],
  constants: Map<string, OnnxTensor>,
  readers: Map<string, RawNode[]>,
  outputs: string[],
  alias: Map<string, string>,
  failures: ImportProblem[],
): void {
  for (const raw of ordered) {
    if (raw.opType !== 'Pad' || raw.removed) continue;
    const fail = (why: string) => {
      failures.push({ where: where(raw), message: why });
      raw.removed = true;
      alias.set(raw.outputs[0]!, raw.inputs[0]!);
    };
    const mode = raw.attributes.get('mode')?.s;
    const modeName = mode ? new TextDecoder().decode(mode) : 'constant';
    if (modeName !== 'constant') {
      fail(`pads by "${modeName}"; only zero padding folds into a conv or pool`);
      continue;
    }
    const padsTensor = raw.inputs[1] ? constants.get(raw.inputs[1]) : undefined;
    const value = raw.inputs[2] ? constants.get(raw.inputs[2]) : undefined;
    if (
      !padsTensor ||
      (raw.inputs[2] && !value) ||
      (raw.inputs[3] && !constants.has(raw.inputs[3]))
    ) {
      fail('its pads are computed by the graph; they need to be constants');
      continue;
    }
    if (value && value.data[0] !== 0) {
      fail(`pads with ${value.data[0]}; only zero padding folds into a conv or pool`);
      continue;
    }
    // Opset 18 lets `axes` pick the padded axes; without it the pads cover all four.
    const axes = raw.inputs[3]
      ? Array.from(constants.get(raw.inputs[3])!.data, (a) => (a < 0 ? a + 4 : a))
      : [0, 1, 2, 3];
    const pads = Array.from(padsTensor.data);
    if (pads.length !== 2 * axes.length) {
      fail(`has ${pads.length} pads for ${axes.length} axes`);
      continue;
    }
    const begin = [0, 0, 0, 0];
    const end = [0, 0, 0, 0];
    axes.forEach((axis, i) => {
      begin[axis] = pads[i]!;
      end[axis] = pads[i + axes.length]!;
    });
    if (
      begin[0] ||
      begin[1] ||
      end[0] ||
      end[1] ||
      [...begin, ...end].some((p) => p < 0 || !Number.isInteger(p))
    ) {
      fail(`pads [${pads}]; only adding zeros around H and W folds into a conv or pool`);
      continue;
    }
    raw.removed = true;
    alias.set(raw.outputs[0]!, raw.inputs[0]!);
    // A Pad before this one handed its padding on (see below).
    const before = (raw.overrides.get('pads') as number[] | undefined) ?? [0, 0, 0, 0];
    const extra = [begin[2]!, begin[3]!, end[2]!, end[3]!].map((p, i) => p + before[i]!);
    if (extra.every((p) => p === 0)) continue;
    const users = readers.get(raw.outputs[0]!) ?? [];
    const foldable = (u: RawNode) => {
      if (u.opType === 'Conv' || u.opType === 'Pad') return true;
      if (u.opType !== 'AveragePool') return false;
      const own = intsOf(u.attributes.get('pads'), 'pads') ?? [0, 0, 0, 0];
      const counts = toNumber(u.attributes.get('count_include_pad')?.i, 'count_include_pad') === 1;
      return counts || own.every((p) => p === 0);
    };
    if (outputs.includes(raw.outputs[0]!) || users.length === 0 || !users.every(foldable)) {
      failures.push({
        where: where(raw),
        message: `feeds ${users.map(where).join(', ') || 'the output'}; zero padding folds only into Conv and AveragePool (MaxPool pads with −∞)`,
      });
      continue;
    }
    for (const u of users) {
      // A Pad after this one adds this padding to its own.
      if (u.opType === 'Pad') {
        u.overrides.set('pads', extra);
        continue;
      }
      const own = intsOf(u.attributes.get('pads'), 'pads') ?? [0, 0, 0, 0];
      u.overrides.set(
        'pads',
        own.map((p, i) => p + (extra[i] ?? 0)),
      );
      // The folded zeros are input to the average, so they count.
      if (u.opType === 'AveragePool') u.overrides.set('count_include_pad', 1);
    }
  }
}
