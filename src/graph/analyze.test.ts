import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { templateNames, template } from './templates/index.js';

describe('templates', () => {
  it.each(templateNames)('%s analyses without problems', (name) => {
    const a = analyze(template(name)!);
    expect(a.problems).toEqual([]);
    expect(a.nodes.get(a.outputId!)!.shape).toEqual([10]);
  });
});
