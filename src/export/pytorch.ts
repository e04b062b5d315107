import { layerOf, type Graph, type Op } from '../graph/index.js';
import {
  ExportError,
  exportNetwork,
  type ExportNetwork,
  type ModuleDir,
  type ModuleNode,
} from './network.js';
import { isKeyword, isTorchReserved, variableNames } from './pythonNames.js';
import { pyDocstring, pyLiteral } from './pythonLiterals.js';
import { pythonScript } from './pythonScript.js';
import { defaultTraining, type SettingKey, type TrainingSettings } from '../training/settings.js';

export interface PytorchOptions {
  /** The file's name, for the usage lines of its docstring. */
  fileName?: string;
  /** The training panel's settings, the script's defaults. */
  training?: Partial<TrainingSettings>;
  /**
   * Sentences about those settings for whoever runs the script, e.g. that a run with them
   * diverged in CNN Studio; they go into its docstring and are printed when it trains.
   */
  notes?: readonly string[];
}

/** Each setting's name in the script's TRAINING dict (its --flag is the name with dashes). */
const pythonNames: Record<SettingKey, string> = {
  epochs: 'epochs',
  batch: 'batch_size',
  lr: 'lr',
  optimizer: 'optimizer',
  momentum: 'momentum',
  weightDecay: 'weight_decay',
  seed: 'seed',
  init: 'init',
  trainSamples: 'train_samples',
  testSamples: 'test_samples',
  schedule: 'schedule',
  warmup: 'warmup',
  augment: 'augment',
  val: 'val',
  earlyStop: 'early_stop',
  keepBest: 'keep_best',
};

/** A setting's value as Python: floats keep a decimal point, so argparse's type=float agrees. */
function pyValue(key: SettingKey, v: TrainingSettings[SettingKey]): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return pyLiteral(v);
  const float = key === 'lr' || key === 'momentum' || key === 'weightDecay' || key === 'val';
  return float && Number.isInteger(v) ? `${v}.0` : `${v}`;
}

/**
 * Merge ops have no torch.nn module; these classes, named as the kinds, keep them visible to
 * hooks and print(model).
 */
const mergeClasses: Record<string, string> = {
  Add: `class Add(nn.Module):
    """Element-wise sum of the inputs."""

    def forward(self, *xs):
        out = xs[0]
        for x in xs[1:]:
            out = out + x
        return out`,
  Concat: `class Concat(nn.Module):
    """The inputs stacked along the channel axis."""

    def forward(self, *xs):
        return torch.cat(xs, dim=1)`,
  Mul: `class Mul(nn.Module):
    """The element-wise product of two inputs; an (N, C, 1, 1) one scales each channel of the other."""

    def forward(self, a, b):
        return a * b`,
};

function moduleCode(op: Op): string {
  const layer = layerOf(op.kind);
  if (layer.composite) throw new Error(`${op.name} is a composite; analyze expands those`);
  const code = layer.torchModule(op.inputShapes, op.params);
  if (code !== null) return code;
  if (!Object.hasOwn(mergeClasses, op.kind)) throw new Error(`no PyTorch module for ${op.kind}`);
  return `${op.kind}()`;
}

function moduleExpression(node: ModuleNode, indent: string): string {
  if (node.kind === 'leaf') return moduleCode(node.op);
  const inner = `${indent}    `;
  const entries = [...node.children].map(
    ([key, child]) => `${inner}'${key}': ${moduleExpression(child, inner)},`,
  );
  return `nn.ModuleDict({\n${entries.join('\n')}\n${indent}})`;
}

/** `self.b2['0']['conv1']`: attribute access at the top, ModuleDict keys below it. */
function moduleAccess(opName: string): string {
  const [top, ...rest] = opName.split('.');
  const root = isKeyword(top!) ? `getattr(self, '${top}')` : `self.${top}`;
  return root + rest.map((k) => `['${k}']`).join('');
}

function initLines(net: ExportNetwork): string[] {
  const indent = ' '.repeat(8);
  return [...net.modules.children].map(([key, node]) => {
    const expr = moduleExpression(node, indent);
    return isKeyword(key)
      ? `${indent}self.add_module('${key}', ${expr})`
      : `${indent}self.${key} = ${expr}`;
  });
}

function refuseReservedNames(dir: ModuleDir, path: string[] = []): void {
  for (const [key, node] of dir.children) {
    const name = [...path, key].join('.');
    if (isTorchReserved(key)) {
      throw new ExportError(
        `PyTorch cannot name a module "${key}" (in "${name}"): it is a method or attribute of nn.Module, or starts with _; rename that layer`,
      );
    }
    if (node.kind === 'dir') refuseReservedNames(node, [...path, key]);
  }
}

/**
 * One statement per op in execution order. A value whose last reader is this op hands its
 * variable on (preferring `x`), so a chain reads `x = ...(x)` and only branches get new names.
 */
function forwardLines(net: ExportNetwork): string[] {
  const lastReader = new Map<string, number>();
  net.ops.forEach((op, i) => op.inputs.forEach((name) => lastReader.set(name, i)));
  const fresh = variableNames(['x', 'self', 'getattr']);
  const vars = new Map([[net.input.name, 'x']]);
  const lines: string[] = [];
  net.ops.forEach((op, i) => {
    if (op.kind === 'Input') return;
    const args = op.inputs.map((name) => vars.get(name)!);
    const freed = op.inputs.filter((name) => lastReader.get(name) === i).map((n) => vars.get(n)!);
    const v = freed.includes('x') ? 'x' : (freed[0] ?? fresh(op.name));
    vars.set(op.name, v);
    lines.push(`        ${v} = ${moduleAccess(op.name)}(${args.join(', ')})`);
  });
  lines.push(`        return ${vars.get(net.output.name)}`);
  return lines;
}

const pyTuple = (xs: readonly number[]): string =>
  xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`;

/** The title is argparse's description, which must stay one paragraph. */
const oneLine = (text: string): string => text.replace(/\s+/g, ' ');

/** The module docstring; every text in it (names, file name, notes) is escaped by pyDocstring. */
function docstring(net: ExportNetwork, file: string, notes: readonly string[]): string {
  const title = `${oneLine(net.name)}, exported from CNN Studio.`;
  const about = net.description ? `\n\n${net.description}` : '';
  const noted = notes.length > 0 ? `\n\n${notes.map((n) => `Note: ${n}`).join('\n')}` : '';
  const usage: [string, string][] = [
    [`python ${file} --summary`, "each layer's output shape and the parameter count"],
    [`python ${file} --data DIR [options]`, 'train on Fashion-MNIST (IDX files in DIR)'],
    [`torchrun --nproc_per_node=N ${file} ...`, 'the same on N GPUs (or CPU processes), DDP'],
    [`python ${file} --help`, "the options; their defaults are the training panel's"],
    [`from ${file.replace(/\.py$/, '')} import Net`, "the model, with CNN Studio's weight names"],
  ];
  const width = usage.reduce((w, [command]) => Math.max(w, command.length), 0);
  const lines = usage.map(([command, what]) => `  ${command.padEnd(width)}  ${what}`);
  return pyDocstring(`${title}${about}${noted}

${lines.join('\n')}

--weights FILE.safetensors starts from weights saved by CNN Studio (loaded strictly), and
--save FILE.safetensors writes the trained ones back for it.
`);
}

/** A runnable Python file: the network as an nn.Module named `Net`, and its training script. */
export function exportPytorch(graph: Graph, options: PytorchOptions = {}): string {
  const net = exportNetwork(graph);
  refuseReservedNames(net.modules);
  const t = { ...defaultTraining, ...options.training };
  const notes = options.notes ?? [];
  const training = (Object.keys(pythonNames) as SettingKey[])
    .map((key) => `    ${pythonNames[key]}=${pyValue(key, t[key])},`)
    .join('\n');
  const kinds = new Set(net.ops.map((o) => o.kind));
  const merges = Object.entries(mergeClasses)
    .filter(([kind]) => kinds.has(kind))
    .map(([, source]) => source);
  const sections = [
    `${docstring(net, options.fileName ?? 'model.py', notes)}

import argparse
import gzip
import json
import math
import os
import re
import struct

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset`,
    `INPUT_SHAPE = ${pyTuple(net.input.shape)}
OUTPUT_SHAPE = ${pyTuple(net.output.shape)}
# The training panel's settings: the defaults of the command-line options.
TRAINING = dict(
${training}
)
# Printed before training: what CNN Studio knew about these settings.
NOTES = [${notes.map(pyLiteral).join(', ')}]`,
    ...merges,
    `class Net(nn.Module):
    def __init__(self):
        super().__init__()
${initLines(net).join('\n')}

    def forward(self, x):
${forwardLines(net).join('\n')}`,
    pythonScript,
  ];
  return sections.join('\n\n\n');
}
