/**
 * The training recipes of the CNN chapter, per template: what the Chinese PyTorch edition
 * (zh.d2l.ai, chapter 6–7) trains each network with, and where d2l.ai's English edition
 * (chapter 7–8, `d2l.Trainer(max_epochs=10)` with `d2l.FashionMNIST(batch_size=128)`) differs.
 * Every recipe is SGD without momentum or weight decay on Fashion-MNIST, resized to the input
 * size; the panel applies one with a click.
 */
import type { TrainingSettings } from './settings.js';

export interface Recipe {
  /** Where it comes from, as the panel names it. */
  source: string;
  /** Height and width the images are resized to (the network's Input). */
  inputSize: number;
  settings: Pick<TrainingSettings, 'batch' | 'optimizer' | 'lr' | 'epochs' | 'momentum'>;
}

const zh = (section: string, inputSize: number, batch: number, lr: number): Recipe => ({
  source: `d2l-zh ${section}`,
  inputSize,
  settings: { batch, optimizer: 'sgd', lr, epochs: 10, momentum: 0 },
});
const en = (section: string, inputSize: number, lr: number): Recipe => ({
  source: `d2l.ai ${section}`,
  inputSize,
  settings: { batch: 128, optimizer: 'sgd', lr, epochs: 10, momentum: 0 },
});

/** The chapter's recipe first, then the English edition's where it differs. */
export const recipes: Record<string, readonly Recipe[]> = {
  lenet: [zh('6.6', 28, 256, 0.9), en('7.6', 28, 0.1)],
  'lenet-d2l': [en('7.6', 28, 0.1), zh('6.6', 28, 256, 0.9)],
  alexnet: [zh('7.1', 224, 128, 0.01)],
  'alexnet-d2l': [en('8.1', 224, 0.01)],
  vgg11: [zh('7.2', 224, 128, 0.05), en('8.2', 224, 0.01)],
  nin: [zh('7.3', 224, 128, 0.1), en('8.3', 224, 0.05)],
  googlenet: [zh('7.4', 96, 128, 0.1), en('8.4', 96, 0.01)],
  'googlenet-d2l': [en('8.4', 96, 0.01), zh('7.4', 96, 128, 0.1)],
  resnet18: [zh('7.6', 96, 256, 0.05), en('8.6', 96, 0.01)],
  densenet: [zh('7.7', 96, 256, 0.1), en('8.7', 96, 0.01)],
};
