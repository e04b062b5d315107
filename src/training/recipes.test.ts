import { describe, expect, it } from 'vitest';
import { analyze, template, templateNames } from '../graph/index.js';
import { recipes } from './recipes.js';
import { parseSettings } from './settings.js';

describe('training recipes', () => {
  it('every template has one, valid settings, for the size its Input takes', () => {
    for (const name of templateNames) {
      const list = recipes[name];
      expect(list?.length, name).toBeGreaterThanOrEqual(1);
      const input = analyze(template(name)!).nodes.get('input')?.shape;
      for (const r of list!) {
        expect(parseSettings(r.settings).ok, `${name} ${r.source}`).toBe(true);
        if (input)
          expect(input.slice(1), `${name} ${r.source}`).toEqual([r.inputSize, r.inputSize]);
      }
    }
  });

  it("are the chapter's numbers (d2l-zh LeNet: lr 0.9, batch 256; d2l.ai: lr 0.1, batch 128)", () => {
    expect(recipes.lenet!.map((r) => [r.source, r.settings.lr, r.settings.batch])).toEqual([
      ['d2l-zh 6.6', 0.9, 256],
      ['d2l.ai 7.6', 0.1, 128],
    ]);
  });
});
