import { describe, expect, it } from 'vitest';
import { template } from '../graph/index.js';
import { fragmentFromText, fragmentText } from './clipboard.js';
import { cutFragment } from './store/fragment.js';

describe('clipboard text', () => {
  it('carries copied layers as a graph file and reads them back', () => {
    const graph = template('lenet')!;
    const fragment = cutFragment(graph.nodes, graph.edges, new Set(['conv1', 'sig1', 'pool1']));
    expect(fragment.edges.map((e) => e.id)).toEqual(['conv1->sig1', 'sig1->pool1']);
    expect(fragmentFromText(fragmentText(fragment))).toEqual(fragment);
  });

  it('ignores text that is not layers', () => {
    expect(fragmentFromText('hello')).toBeNull();
    expect(fragmentFromText('{"format":"something else"}')).toBeNull();
  });
});
