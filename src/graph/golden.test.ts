import { describe, expect, it } from 'vitest';
import golden from '../../fixtures/golden/templates.json' with { type: 'json' };
import windows from '../../fixtures/golden/windows.json' with { type: 'json' };
import { analyze } from './analyze.js';
import { windowOutput } from './layers/window.js';
import { summaryOf } from './summary.js';
import { template, templateNames } from './templates/index.js';

// Made by scripts/golden_templates.py (`npm run golden`) from PyTorch's own modules.
interface TorchNet {
  input_shape: number[];
  total_params: number;
  state_dict: [string, number[]][];
  leaves: { name: string; output_shape: number[]; params: number }[];
}
const torchNets = golden as unknown as Record<string, TorchNet>;

describe.each(templateNames)('%s agrees with PyTorch', (name) => {
  const torch = torchNets[name]!;
  const analysis = analyze(template(name)!);
  const summary = summaryOf(analysis);

  it('has a fixture and analyses without problems', () => {
    expect(torch).toBeDefined();
    expect(analysis.problems).toEqual([]);
    expect(analysis.nodes.get(analysis.inputId!)!.shape).toEqual(torch.input_shape);
  });

  it('counts the same parameters', () => {
    expect(summary.total_params).toBe(torch.total_params);
    expect(analysis.totals.paramCount).toBe(torch.total_params);
  });

  it("has every torch leaf module, with its output shape and parameters, in torch's order", () => {
    const rows = new Map(summary.layers.map((l, i) => [l.name, { ...l, index: i }]));
    let previous = -1;
    for (const leaf of torch.leaves) {
      const row = rows.get(leaf.name);
      expect(row, `layer ${leaf.name}`).toBeDefined();
      expect({ name: leaf.name, shape: row!.output_shape, params: row!.params }).toEqual({
        name: leaf.name,
        shape: leaf.output_shape,
        params: leaf.params,
      });
      expect(row!.index, `${leaf.name} runs after the leaf before it`).toBeGreaterThan(previous);
      previous = row!.index;
    }
  });

  it('has every layer with weights among torch’s modules', () => {
    const leafNames = new Set(torch.leaves.map((l) => l.name));
    const weighted = analysis.ops.filter((o) => o.weights.length > 0).map((o) => o.name);
    expect(weighted.filter((n) => !leafNames.has(n))).toEqual([]);
  });

  it('names and shapes its weights exactly as the state_dict does', () => {
    const ours = analysis.ops
      .flatMap((o) => o.weights.map((w): [string, number[]] => [`${o.name}.${w.name}`, w.shape]))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    expect(ours).toEqual(torch.state_dict);
  });
});

describe('windowOutput', () => {
  it(`gives PyTorch's output size for ${windows.cases.length} random geometries`, () => {
    const wrong = windows.cases.filter(({ n, kernel, stride, padding, ceil_mode, out }) => {
      const ours = windowOutput(n, kernel, stride, padding, ceil_mode);
      // null: PyTorch refuses the geometry, so ours must report an empty output.
      return out === null ? ours >= 1 : ours !== out;
    });
    expect(wrong).toEqual([]);
    expect(windows.cases.some((c) => c.out === null)).toBe(true);
  });
});
