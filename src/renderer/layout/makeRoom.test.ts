import { describe, expect, it } from 'vitest';
import type { GraphNode } from '../../graph/index.js';
import { defaultNodeSize } from './geometry.js';
import { widenColumn } from './makeRoom.js';

const at = (id: string, x: number, y: number): GraphNode => ({
  id,
  kind: 'ReLU',
  params: {},
  position: { x, y },
});
const xOf = (nodes: readonly GraphNode[]) =>
  Object.fromEntries(nodes.map((n) => [n.id, n.position.x]));

describe('widenColumn', () => {
  // Three columns 300 apart; the middle one's block at (300, 100) became layers 500 wide.
  const nodes = [
    at('left.0', 0, 0),
    at('left.1', 0, 400),
    at('mid.0', 300, 0),
    at('block', 300, 100),
    at('inner.a', 150, 100),
    at('inner.b', 450, 200),
    at('right.0', 600, 0),
    at('right.1', 600, 900),
  ];
  const was = { x: 300, y: 100, ...defaultNodeSize };
  const region = { x: 150, y: 100, width: 500, height: 184 };

  it('moves whole columns aside by what the layers reach past the block, each side', () => {
    const moved = widenColumn(nodes, was, region, {
      direction: 'DOWN',
      keep: new Set(['inner.a', 'inner.b']),
    });
    expect(xOf(moved)).toEqual({
      'left.0': -150,
      'left.1': -150,
      'mid.0': 300,
      block: 300,
      'inner.a': 150,
      'inner.b': 450,
      'right.0': 750,
      'right.1': 750,
    });
    // Nothing moves along the flow, and unmoved nodes stay the same objects.
    expect(moved.map((n) => n.position.y)).toEqual(nodes.map((n) => n.position.y));
    expect(moved[2]).toBe(nodes[2]);
  });

  it('leaves everything where it was when the layers are no wider than the block', () => {
    const narrow = { ...was, y: 100, height: 400 };
    expect(widenColumn(nodes, was, narrow, { direction: 'DOWN' })).toEqual(nodes);
  });

  it('works across rows when data flows right', () => {
    const rows = [at('above', 0, 0), at('block', 0, 300), at('below', 0, 600)];
    const tall = { x: 0, y: 250, width: 200, height: 184 };
    const moved = widenColumn(rows, { x: 0, y: 300, ...defaultNodeSize }, tall, {
      direction: 'RIGHT',
    });
    expect(moved.map((n) => n.position.y)).toEqual([-50, 300, 650]);
  });
});
