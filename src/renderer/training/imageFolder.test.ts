import { describe, expect, it } from 'vitest';
import { planFolder } from './imageFolder.js';

describe('planning a dataset from a folder of class sub-folders', () => {
  it('labels by sorted class folder and holds out every 6th image of each class', () => {
    const paths = [
      ...Array.from({ length: 7 }, (_, i) => `pets/dog/${i}.png`),
      ...Array.from({ length: 6 }, (_, i) => `pets/cat/${i}.JPG`),
      'pets/readme.txt',
      'pets/cat/notes.txt',
    ];
    const plan = planFolder(paths);
    expect(plan.classes).toEqual(['cat', 'dog']);
    expect(plan.entries).toHaveLength(13);
    const test = plan.entries.filter((e) => e.split === 'test').map((e) => paths[e.file]);
    expect(test).toEqual(['pets/cat/5.JPG', 'pets/dog/5.png']);
    for (const e of plan.entries) {
      expect(e.label).toBe(paths[e.file]!.includes('/cat/') ? 0 : 1);
    }
  });

  it('keeps a train/test split that the folder already has', () => {
    const paths = ['d/train/a/1.png', 'd/train/b/1.png', 'd/test/a/2.png', 'd/test/b/2.jpeg'];
    const plan = planFolder(paths);
    expect(plan.classes).toEqual(['a', 'b']);
    expect(plan.entries.map((e) => [paths[e.file], e.split, e.label])).toEqual([
      ['d/test/a/2.png', 'test', 0],
      ['d/test/b/2.jpeg', 'test', 1],
      ['d/train/a/1.png', 'train', 0],
      ['d/train/b/1.png', 'train', 1],
    ]);
  });

  it('refuses a folder without class sub-folders, with one class, or without test images', () => {
    expect(() => planFolder(['d/1.png', 'd/2.png'])).toThrow(/one sub-folder per class/);
    expect(() => planFolder(['d/a/1.png', 'd/a/2.png'])).toThrow(/one class \(a\)/);
    expect(() => planFolder(['d/a/1.png', 'd/b/1.png'])).toThrow(/no test images/);
  });
});
