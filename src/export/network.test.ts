import { describe, expect, it } from 'vitest';
import { conv2d, inception, linear, relu, type Graph } from '../graph/index.js';
import { sequentialGraph, type Step } from '../graph/templates/sequential.js';
import { ExportError, exportNetwork } from './network.js';

const image = { channels: 1, height: 8, width: 8 };
const chain = (...steps: Step[]): Graph => sequentialGraph('t', '', image, steps);
const conv: Step[2] = { out_channels: 2, kernel_size: [3, 3], padding: [1, 1] };

describe('exportNetwork', () => {
  it('nests ops by their dotted names in execution order', () => {
    const net = exportNetwork(chain(['b.0', conv2d, conv], ['b.1', relu, {}], ['c', relu, {}]));
    expect([...net.modules.children.keys()]).toEqual(['b', 'c']);
    const b = net.modules.children.get('b')!;
    expect(b.kind === 'dir' && [...b.children.keys()]).toEqual(['0', '1']);
    expect([net.input.name, net.output.name]).toEqual(['input', 'c']);
  });

  it('refuses a network with problems, naming them', () => {
    const bad = chain(['fc', linear, {}]);
    expect(() => exportNetwork(bad)).toThrow(ExportError);
    expect(() => exportNetwork(bad)).toThrow(/fc: .*Flatten/);
  });

  it('refuses a network with two outputs', () => {
    const g = chain(['a', relu, {}]);
    g.nodes.push({ id: 'b', kind: 'ReLU', params: {}, position: { x: 0, y: 0 } });
    g.edges.push({ id: 'input->b', source: 'input', target: 'b', targetPort: 0 });
    expect(() => exportNetwork(g)).toThrow(/exactly one layer/);
  });

  it('refuses a name that is both a layer and a group of layers', () => {
    expect(() => exportNetwork(chain(['a', conv2d, conv], ['a.b', relu, {}]))).toThrow(
      /"a" names a layer and also the group that holds "a.b"/,
    );
    expect(() => exportNetwork(chain(['a.b', conv2d, conv], ['a', relu, {}]))).toThrow(
      /"a" names a layer and also the group that holds "a.b"/,
    );
  });

  it('refuses a layer whose name a composite block already gives one of its children', () => {
    const g = chain(['blk', inception, {}], ['blk.cat', relu, {}]);
    expect(() => exportNetwork(g)).toThrow(
      /"blk.cat" is the name of this layer and also of a layer inside blk/,
    );
  });
});
