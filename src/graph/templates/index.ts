import type { Graph } from '../graph.js';
import { alexnet, alexnetD2l } from './alexnet.js';
import { densenet } from './densenet.js';
import { googlenet, googlenetD2l } from './googlenet.js';
import { lenet, lenetD2l } from './lenet.js';
import { ninNet } from './nin.js';
import { resnet18 } from './resnet18.js';
import { vgg11 } from './vgg11.js';

/**
 * The networks of the CNN chapter of the Chinese PyTorch edition of Dive into Deep Learning, as it
 * prints them, for Fashion-MNIST (1 channel, 10 classes).
 */
const chapter: Record<string, () => Graph> = {
  lenet,
  alexnet,
  vgg11,
  nin: ninNet,
  googlenet,
  resnet18,
  densenet,
};

/** Where d2l.ai's English edition prints a network differently: the same network in its form. */
const d2lVariants: Record<string, () => Graph> = {
  'lenet-d2l': lenetD2l,
  'alexnet-d2l': alexnetD2l,
  'googlenet-d2l': googlenetD2l,
};

export const templates: Record<string, () => Graph> = { ...chapter, ...d2lVariants };

/** The chapter's networks first, then the d2l.ai variants. */
export const templateNames = Object.keys(templates);
export const variantNames = Object.keys(d2lVariants);

export function template(name: string): Graph | undefined {
  return Object.hasOwn(templates, name) ? templates[name]!() : undefined;
}
