/**
 * A folder of class sub-folders of PNG/JPEG images as a dataset: `root/<class>/<image>`, or
 * `root/train/<class>/…` and `root/test/<class>/…` when the folder is already split.
 */

export interface FolderPlan {
  classes: string[];
  /** Index into the picked files, the class, and which set the image goes to. */
  entries: { file: number; label: number; split: 'train' | 'test' }[];
}

const imageName = /\.(png|jpe?g)$/i;
/** Without a train/test split, every 6th image of a class (by name) is a test image: 5:1. */
const testEvery = 6;

/**
 * Plans a dataset from the picked files' relative paths (webkitRelativePath: the picked folder
 * first). Files that are not PNG/JPEG are left out; a folder without class sub-folders is refused.
 */
export function planFolder(paths: readonly string[]): FolderPlan {
  const images = paths
    .map((p, file) => ({ file, parts: p.split('/').slice(1) }))
    .filter((x) => imageName.test(x.parts.at(-1) ?? ''));
  const split = (x: { parts: string[] }) => x.parts[0]!.toLowerCase();
  const presplit =
    images.length > 0 &&
    images.every((x) => x.parts.length === 3 && ['train', 'test'].includes(split(x)));
  const classOf = (x: { parts: string[] }) => (presplit ? x.parts[1]! : x.parts[0]!);
  const usable = images.filter((x) => x.parts.length === (presplit ? 3 : 2));
  if (usable.length === 0) {
    throw new Error(
      'the folder has no images in class sub-folders: put PNG or JPEG files in one sub-folder per class (optionally under train/ and test/)',
    );
  }
  const classes = [...new Set(usable.map(classOf))].sort();
  if (classes.length < 2)
    throw new Error(`the folder has one class (${classes[0]}); it needs at least two`);
  const byName = [...usable].sort((a, b) => (a.parts.join('/') < b.parts.join('/') ? -1 : 1));
  const seen = new Map<string, number>();
  const entries = byName.map((x) => {
    const name = classOf(x);
    const k = seen.get(name) ?? 0;
    seen.set(name, k + 1);
    const set: 'train' | 'test' = presplit
      ? (split(x) as 'train' | 'test')
      : k % testEvery === testEvery - 1
        ? 'test'
        : 'train';
    return { file: x.file, label: classes.indexOf(name), split: set };
  });
  for (const set of ['train', 'test'] as const) {
    if (!entries.some((e) => e.split === set)) throw new Error(`the folder has no ${set} images`);
  }
  return { classes, entries };
}

/**
 * Decodes images (createImageBitmap) to `channels` (1: luminance as PIL's "L", 3: RGB) at
 * height × width bytes each, scaling with the canvas where an image's size differs.
 */
export async function decodeImages(
  files: readonly Blob[],
  channels: 1 | 3,
  height: number,
  width: number,
): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const plane = height * width;
  const out = new Uint8Array(files.length * channels * plane);
  for (const [i, file] of files.entries()) {
    const bitmap = await createImageBitmap(file);
    ctx.clearRect(0, 0, width, height);
    ctx.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    const rgba = ctx.getImageData(0, 0, width, height).data;
    const base = i * channels * plane;
    for (let p = 0; p < plane; p++) {
      const [r, g, b] = [rgba[4 * p]!, rgba[4 * p + 1]!, rgba[4 * p + 2]!];
      if (channels === 1) out[base + p] = Math.round((r * 299 + g * 587 + b * 114) / 1000);
      else {
        out[base + p] = r;
        out[base + plane + p] = g;
        out[base + 2 * plane + p] = b;
      }
    }
  }
  return out;
}

/** Width and height of the first image: the size the whole dataset is decoded at. */
export async function imageSize(file: Blob): Promise<{ height: number; width: number }> {
  const bitmap = await createImageBitmap(file);
  const size = { height: bitmap.height, width: bitmap.width };
  bitmap.close();
  return size;
}
