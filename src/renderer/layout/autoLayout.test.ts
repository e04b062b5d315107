import { describe, expect, it } from 'vitest';
import { analyze, template, templateNames, type Graph } from '../../graph/index.js';
import { autoLayout } from './autoLayout.js';
import { boundsOf, boxOf, defaultNodeSize, overlaps, wrapGap, type Position } from './geometry.js';
import { stageOf } from './stages.js';

const laptop = { width: 1100, height: 760 };

function expectNoOverlap(positions: ReadonlyMap<string, Position>) {
  const boxes = [...positions.values()].map((p) => boxOf(p));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!)).toBe(false);
  }
}

/** The zoom at which the laid-out graph fits `area` (what the canvas shows on opening). */
function fitZoom(positions: ReadonlyMap<string, Position>, area = laptop) {
  const b = boundsOf([...positions.values()].map((p) => boxOf(p)))!;
  return Math.min(area.width / b.width, area.height / b.height);
}

/** Column numbers, left to right: boxes closer across than the gap between columns share one. */
function columnsOf(positions: ReadonlyMap<string, Position>): Map<string, number> {
  const byX = [...positions].sort((a, b) => a[1].x - b[1].x);
  const out = new Map<string, number>();
  let [column, right] = [-1, -Infinity];
  for (const [id, p] of byX) {
    if (p.x > right + wrapGap / 2) column++;
    right = Math.max(right, p.x + defaultNodeSize.width);
    out.set(id, column);
  }
  return out;
}

/** Nodes whose boxes share a stretch across the flow sit in one column. */
const sameColumn = (a: Position, b: Position) => Math.abs(a.x - b.x) < defaultNodeSize.width;

/** A template with every block replaced by its layers: one node per op. */
function flat(name: string): Graph {
  const { ops } = analyze(template(name)!);
  return {
    meta: { name },
    nodes: ops.map((o) => ({
      id: o.name,
      kind: o.kind,
      params: o.params,
      position: { x: 0, y: 0 },
    })),
    edges: ops.flatMap((o) =>
      o.inputs.map((source, port) => ({
        id: `${source}->${o.name}`,
        source,
        target: o.name,
        targetPort: port,
      })),
    ),
  };
}

describe('autoLayout', () => {
  it.each(templateNames)(
    'places every node of %s without overlap, readable on a laptop',
    async (name) => {
      const graph = template(name)!;
      const positions = await autoLayout(graph.nodes, graph.edges, { fit: laptop });
      expect([...positions.keys()].sort()).toEqual(graph.nodes.map((n) => n.id).sort());
      expectNoOverlap(positions);
      // Text of 11–13 px stays legible down to about 0.6.
      expect(fitZoom(positions)).toBeGreaterThan(0.6);
    },
  );

  it('wraps a long network into columns, data flowing down each and on to the next', async () => {
    const graph = template('resnet18')!;
    const positions = await autoLayout(graph.nodes, graph.edges, { fit: laptop });
    const columns = new Set([...positions.values()].map((p) => Math.round(p.x)));
    expect(columns.size).toBeGreaterThan(1);
    for (const e of graph.edges) {
      const [s, t] = [positions.get(e.source)!, positions.get(e.target)!];
      // Down the column, or on to the top of the next one.
      if (sameColumn(s, t)) expect(t.y).toBeGreaterThan(s.y);
      else expect(t.x).toBeGreaterThan(s.x);
    }
    // Stages are kept whole: every stage sits in one column.
    for (const stage of ['b1', 'b2', 'b3', 'b4', 'b5', 'last']) {
      const xs = graph.nodes
        .filter((n) => stageOf(n.id) === stage)
        .map((n) => positions.get(n.id)!);
      for (const p of xs) expect(sameColumn(p, xs[0]!)).toBe(true);
    }
  });

  it('wraps only where one tensor passes on, never through a block’s branches', async () => {
    for (const name of ['resnet18', 'googlenet', 'densenet']) {
      const graph = flat(name);
      const positions = await autoLayout(graph.nodes, graph.edges, { fit: laptop });
      expectNoOverlap(positions);
      // Readable on one screen is promised up to 100 layers (ResNet-18 67, DenseNet 86, flat);
      // GoogLeNet's 138 flat layers are here for where the columns break.
      if (graph.nodes.length <= 100) expect(fitZoom(positions)).toBeGreaterThan(0.3);
      const column = columnsOf(positions);
      expect(Math.max(...column.values())).toBeGreaterThan(0);
      // Between column c and the next, every edge that crosses comes from one layer.
      for (let c = 0; c < Math.max(...column.values()); c++) {
        const crossing = graph.edges.filter(
          (e) => column.get(e.source)! <= c && column.get(e.target)! > c,
        );
        expect(new Set(crossing.map((e) => e.source)).size).toBe(1);
      }
    }
  });

  it('shows the whole network larger when the area is wider, and fewer columns when it is tall', async () => {
    const graph = template('googlenet')!;
    const wide = await autoLayout(graph.nodes, graph.edges, { fit: { width: 1600, height: 600 } });
    const tall = await autoLayout(graph.nodes, graph.edges, { fit: { width: 500, height: 1600 } });
    const columns = (p: ReadonlyMap<string, Position>) =>
      new Set([...p.values()].map((q) => Math.round(q.x))).size;
    expect(columns(wide)).toBeGreaterThan(columns(tall));
  });

  it('flows left to right in rows when asked', async () => {
    const graph = template('lenet')!;
    const positions = await autoLayout(graph.nodes, graph.edges, {
      direction: 'RIGHT',
      fit: { width: 2000, height: 400 },
    });
    expectNoOverlap(positions);
    const [first, second] = [graph.nodes[0]!.id, graph.nodes[1]!.id];
    expect(positions.get(second)!.x).toBeGreaterThan(positions.get(first)!.x);
    expect(positions.get(second)!.y).toBe(positions.get(first)!.y);
  });

  it('lays a collapsed stage out as one box and stacks its layers there', async () => {
    const graph = template('resnet18')!;
    const open = await autoLayout(graph.nodes, graph.edges, { fit: laptop });
    const shut = await autoLayout(graph.nodes, graph.edges, {
      fit: laptop,
      collapsed: new Set(['b1', 'b2', 'b3', 'b4', 'b5', 'last']),
    });
    expect(shut.size).toBe(graph.nodes.length);
    // Seven boxes take far less room than sixteen layers.
    expect(fitZoom(shut)).toBeGreaterThanOrEqual(fitZoom(open));
    // b1's four layers follow each other down from one point.
    const b1 = ['b1.0', 'b1.1', 'b1.2', 'b1.3'].map((id) => shut.get(id)!);
    b1.forEach((p, i) => i > 0 && expect(p.y).toBeGreaterThan(b1[i - 1]!.y));
    expect(new Set(b1.map((p) => p.x)).size).toBe(1);
  });

  it('places a graph with a cycle, a stray layer and an edge to nowhere', async () => {
    const graph = template('lenet')!;
    graph.nodes.push({ id: 'stray', kind: 'ReLU', params: {}, position: { x: 0, y: 0 } });
    graph.edges.push(
      { id: 'back', source: 'fc3', target: 'conv1', targetPort: 1 },
      { id: 'dangling', source: 'fc3', target: 'nowhere', targetPort: 0 },
    );
    const positions = await autoLayout(graph.nodes, graph.edges);
    expect(positions.size).toBe(graph.nodes.length);
    expectNoOverlap(positions);
  });

  it('lays out nothing as nothing', async () => {
    expect((await autoLayout([], [])).size).toBe(0);
  });
});
