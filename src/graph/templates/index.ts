import type { Graph } from '../graph.js';
import { alexnet } from './alexnet.js';
import { densenet } from './densenet.js';
import { googlenet } from './googlenet.js';
import { lenet } from './lenet.js';
import { ninNet } from './nin.js';
import { resnet18 } from './resnet18.js';
import { vgg11 } from './vgg11.js';

/** The classic networks of d2l's CNN chapters, for Fashion-MNIST (1 channel, 10 classes). */
export const templates: Record<string, () => Graph> = {
  lenet,
  alexnet,
  vgg11,
  nin: ninNet,
  googlenet,
  resnet18,
  densenet,
};

export const templateNames = Object.keys(templates);

export function template(name: string): Graph | undefined {
  return Object.hasOwn(templates, name) ? templates[name]!() : undefined;
}
