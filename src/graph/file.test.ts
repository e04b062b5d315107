import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphFormat, loadGraph, parseGraph, serializeGraph } from './file.js';
import { nodeIdPattern, stageNamePattern, type Graph } from './graph.js';
import { isLayerKind, layers } from './layers/index.js';
import { blockNamePattern, type BlockDef } from './userBlocks.js';
import type { Field, Params } from './params.js';
import { template } from './templates/index.js';

/** A template as a graph file's parsed JSON, for tests to break. */
const lenetFile = () => JSON.parse(serializeGraph(template('lenet')!));

describe('loading a graph file', () => {
  it('reads back what it saved', () => {
    const graph = template('resnet18')!;
    const loaded = parseGraph(serializeGraph(graph));
    expect(loaded).toEqual({ ok: true, graph });
  });

  it('keeps the stages shown collapsed, and refuses a name no node id could start with', () => {
    const graph = { ...template('resnet18')!, collapsed: ['b2', 'last'] };
    expect(parseGraph(serializeGraph(graph))).toEqual({ ok: true, graph });
    const file = { ...JSON.parse(serializeGraph(graph)), collapsed: ['b2', 'b2.0', 3] };
    const loaded = loadGraph(file);
    expect(loaded.ok ? [] : loaded.errors.map((e) => e.path)).toEqual([
      'collapsed[1]',
      'collapsed[2]',
    ]);
  });

  it('fills defaults and widens a single number to a (height, width) pair', () => {
    const file = lenetFile();
    file.nodes[1].params = { out_channels: 6, kernel_size: 5 };
    const loaded = loadGraph(file);
    expect(loaded.ok && loaded.graph.nodes[1]!.params).toEqual({
      out_channels: 6,
      kernel_size: [5, 5],
      stride: [1, 1],
      padding: [0, 0],
      dilation: [1, 1],
      groups: 1,
      bias: true,
    });
  });

  it('returns every problem with its JSON path, and leaves the value untouched', () => {
    const file = lenetFile();
    file.nodes[1].params.stride = 0;
    file.nodes[1].params.padding = [1, -1];
    file.nodes[2].kind = 'Wobble';
    delete file.nodes[3].position;
    file.edges[1].source = 7;
    file.meta = 'LeNet';
    const before = JSON.parse(JSON.stringify(file));
    const result = loadGraph(file);
    expect(file).toEqual(before);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'nodes[1].params.stride',
        'nodes[1].params.padding[1]',
        'nodes[2].kind',
        'nodes[3].position',
        'edges[1].source',
        'meta',
      ]),
    );
    expect(paths).toHaveLength(6);
  });

  it("words each problem for a student, not in the schema library's terms", () => {
    const file = lenetFile();
    file.nodes[1].params.stride = 0;
    file.nodes[1].params.out_channels = '8';
    file.nodes[1].params.padding_mode = 'reflect';
    file.nodes[2].kind = 'Wobble';
    delete file.nodes[3].position;
    file.format = 'other';
    const result = loadGraph(file);
    const messages = Object.fromEntries(
      result.ok ? [] : result.errors.map((e) => [e.path, e.message]),
    );
    expect(messages).toEqual({
      format: 'should be "cnn-studio.graph"',
      'nodes[1].params.stride':
        'should be a whole number from 1 to 1024, or a [height, width] pair of them',
      'nodes[1].params.out_channels': 'should be a number, not the text "8"',
      'nodes[1].params': '"padding_mode" is not a field CNN Studio knows here; remove it',
      'nodes[2].kind':
        '"Wobble" is not a layer kind CNN Studio knows, and the file defines no block of that name',
      'nodes[3].position': 'is missing; it should be an object ({…})',
    });
  });

  it('reports ids used twice and edges to missing nodes', () => {
    const file = lenetFile();
    file.nodes[4].id = 'conv1';
    file.edges[0].target = 'nowhere';
    file.edges[2].id = file.edges[1].id;
    const result = loadGraph(file);
    expect(result).toEqual({
      ok: false,
      errors: expect.arrayContaining([
        { path: 'nodes[4].id', message: 'duplicate node id "conv1"' },
        { path: 'edges[0].target', message: 'no node has the id "nowhere"' },
        { path: 'edges[2].id', message: expect.stringContaining('duplicate edge id') },
      ]),
    });
  });

  it('says a file from a newer version needs a newer CNN Studio', () => {
    const result = loadGraph({ ...lenetFile(), version: 2 });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: 'version',
          message: expect.stringMatching(/made by a newer CNN Studio \(format version 2\)/),
        },
      ],
    });
  });

  it.each([
    ['', /not valid JSON/],
    ['{"format": ', /not valid JSON/],
    ['null', /should be an object .*, not null/],
    ['[]', /should be an object .*, not a list/],
    ['{"format":"something-else","version":1}', /cnn-studio\.graph/],
  ])('reports %j as a problem of the whole file', (text, message) => {
    const result = parseGraph(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.some((e) => message.test(e.message))).toBe(true);
  });
});

// --- property tests -------------------------------------------------------------------

/** +0 for −0, which JSON cannot keep apart. */
const plain = (x: number) => x + 0;

function fieldValue(f: Field): fc.Arbitrary<Params[string]> {
  switch (f.type) {
    case 'int':
      return fc.integer({ min: f.min, max: f.max });
    case 'float':
      return fc.double({ min: f.min, max: f.max, noNaN: true }).map(plain);
    case 'bool':
      return fc.boolean();
    case 'pair': {
      const n = fc.integer({ min: f.min, max: f.max });
      return fc.tuple(n, n);
    }
  }
}

const paramsArb = (layer: (typeof layers)[number]) =>
  fc.record(
    Object.fromEntries(Object.entries(layer.fields).map(([k, f]) => [k, fieldValue(f)])),
  ) as fc.Arbitrary<Params>;

/** A block of one-input layers in a chain, the shape grouping a selection often gives. */
const blockArb: fc.Arbitrary<BlockDef> = fc
  .array(fc.constantFrom(...layers.filter((l) => l.arity === 'one')), {
    minLength: 1,
    maxLength: 4,
  })
  .chain((kinds) =>
    fc.tuple(...kinds.map(paramsArb)).map((params) => ({
      children: kinds.map((l, i) => ({
        name: `c${i}`,
        kind: l.kind,
        params: params[i]!,
        inputs: [i === 0 ? 'input' : `c${i - 1}`],
      })),
      output: `c${kinds.length - 1}`,
    })),
  );

const nodeArb = (id: string, blockNames: string[]) =>
  fc
    .constantFrom<{ kind: string; params: fc.Arbitrary<Params> }>(
      ...layers.map((l) => ({ kind: l.kind, params: paramsArb(l) })),
      ...blockNames.map((kind) => ({ kind, params: fc.constant({}) })),
    )
    .chain((layer) =>
      fc.record({
        id: fc.constant(id),
        kind: fc.constant(layer.kind),
        params: layer.params,
        position: fc.record({
          x: fc.double({ noNaN: true, noDefaultInfinity: true }).map(plain),
          y: fc.double({ noNaN: true, noDefaultInfinity: true }).map(plain),
        }),
      }),
    );

/** Any graph a file may hold: valid params and references, not necessarily a sound network. */
const graphArb: fc.Arbitrary<Graph> = fc
  .tuple(
    fc.uniqueArray(fc.stringMatching(nodeIdPattern), { maxLength: 8 }),
    fc.option(
      fc.dictionary(
        fc.stringMatching(blockNamePattern).filter((name) => !isLayerKind(name)),
        blockArb,
        { maxKeys: 2 },
      ),
      { nil: undefined },
    ),
  )
  .chain(([ids, blocks]) =>
    fc.record({
      meta: fc.record({ name: fc.string(), description: fc.string() }, { requiredKeys: ['name'] }),
      ...(blocks ? { blocks: fc.constant(blocks) } : {}),
      nodes: fc.tuple(...ids.map((id) => nodeArb(id, Object.keys(blocks ?? {})))),
      edges:
        ids.length === 0
          ? fc.constant([])
          : fc.uniqueArray(
              fc.record({
                id: fc.string({ minLength: 1 }),
                source: fc.constantFrom(...ids),
                target: fc.constantFrom(...ids),
                targetPort: fc.nat({ max: 4 }),
              }),
              { selector: (e) => e.id, maxLength: 12 },
            ),
      // Stages shown collapsed: a file keeps each name once, and none when there are none.
      collapsed: fc.option(
        fc.uniqueArray(fc.stringMatching(stageNamePattern), { minLength: 1, maxLength: 3 }),
        { nil: undefined },
      ),
    }),
  )
  .map(({ collapsed, ...graph }) => (collapsed ? { ...graph, collapsed } : graph) as Graph);

/** Every place in a JSON value, as a list of keys from the root. */
function placesOf(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [at];
  const entries = Array.isArray(value)
    ? value.map((v, i) => [i, v] as const)
    : Object.entries(value);
  return [at, ...entries.flatMap(([k, v]) => placesOf(v, [...at, k]))];
}

type Mutation = { place: number; change: 'delete' } | { place: number; change: 'set'; to: unknown };

function mutate(file: unknown, m: Mutation): unknown {
  const places = placesOf(file).filter((p) => p.length > 0);
  if (places.length === 0) return file;
  const path = places[m.place % places.length]!;
  const parent = path
    .slice(0, -1)
    .reduce<Record<string | number, unknown>>(
      (o, k) => o[k] as Record<string | number, unknown>,
      file as Record<string, unknown>,
    );
  const key = path.at(-1)!;
  if (m.change === 'set') {
    // A copy, because fast-check hands the same constant object to several mutations, and
    // nesting it inside itself would make a cycle that no JSON file can hold.
    parent[key] = m.to === undefined ? undefined : JSON.parse(JSON.stringify(m.to));
  } else if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key];
  return file;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ place: fc.nat(), change: fc.constant('delete' as const) }),
  fc.record({
    place: fc.nat(),
    change: fc.constant('set' as const),
    to: fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom(-1, 0, 1.5, 1e308, '', 'Conv2d', [1, 2, 3], null, undefined),
    ),
  }),
);

describe('graph file properties', () => {
  it('save → load is the identity for any valid graph', () => {
    fc.assert(
      fc.property(graphArb, (graph) => {
        expect(parseGraph(serializeGraph(graph))).toEqual({ ok: true, graph });
      }),
      { numRuns: 150 },
    );
  });

  it('never throws on random mutations of a valid file', () => {
    fc.assert(
      fc.property(graphArb, fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (g, ms) => {
        const file: unknown = JSON.parse(serializeGraph(g));
        const mutated = ms.reduce(mutate, file);
        const result = loadGraph(mutated);
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const e of result.errors) expect(typeof e.path).toBe('string');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on a truncated or garbled file', () => {
    fc.assert(
      fc.property(graphArb, fc.nat(), fc.string({ maxLength: 3 }), (g, cut, junk) => {
        const text = serializeGraph(g);
        const at = cut % (text.length + 1);
        const result = parseGraph(text.slice(0, at) + junk);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 200 },
    );
  });

  it('rejects a file of another format', () => {
    expect(loadGraph({ ...lenetFile(), format: `${graphFormat}x` }).ok).toBe(false);
  });
});
