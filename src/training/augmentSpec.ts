/**
 * The augmentations a run applies to each training batch, in this order: random resized crop,
 * random crop with padding P, random horizontal flip, brightness/contrast jitter of strength B.
 * The text form is the CLI's: a comma list of flip, crop:P, resized-crop, jitter:B ('' is none).
 */

export interface Augmentation {
  flip: boolean;
  /** Zero padding on every side before cropping back to size; 0: no random crop. */
  cropPad: number;
  /** torchvision's RandomResizedCrop (scale 0.08–1, ratio 3/4–4/3) back to the image's size. */
  resizedCrop: boolean;
  /** Brightness and contrast factors drawn from [1 − B, 1 + B]; 0: no jitter. */
  jitter: number;
}

export const augmentForms =
  'a comma list of flip, crop:P (pad P pixels), resized-crop, jitter:B (0 < B < 1)';

export const noAugmentation: Augmentation = {
  flip: false,
  cropPad: 0,
  resizedCrop: false,
  jitter: 0,
};

/** The augmentation a text form names; null for text that is not a list of `augmentForms`. */
export function parseAugment(text: string): Augmentation | null {
  const a = { ...noAugmentation };
  if (text === '') return a;
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const [name, arg, ...rest] = part.split(':');
    if (rest.length > 0 || seen.has(name!)) return null;
    seen.add(name!);
    if (name === 'flip' && arg === undefined) a.flip = true;
    else if (name === 'resized-crop' && arg === undefined) a.resizedCrop = true;
    else if (name === 'crop' && arg !== undefined && /^[0-9]{1,3}$/.test(arg) && Number(arg) >= 1) {
      a.cropPad = Number(arg);
    } else if (name === 'jitter' && arg !== undefined && /^0?\.[0-9]+$/.test(arg)) {
      a.jitter = Number(arg);
      if (!(a.jitter > 0 && a.jitter < 1)) return null;
    } else return null;
  }
  return a;
}
