import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPytorch } from '../export/pytorch.js';
import { python, run, torchMissing } from '../export/pythonTesting.js';
import { template } from '../graph/index.js';
import { stratifiedSplit } from '../runtime-gpu/data/split.js';
import { learningRate, parseSchedule } from '../training/schedule.js';

const missing = torchMissing();
if (missing) console.log(`skipping the exported script's recipe checks: ${missing}`);

// Here rather than in src/export because it compares with the runtime's split.
describe.skipIf(missing !== null)("the exported script's recipe is CNN Studio's", () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnn-studio-recipe-'));
  const script = join(dir, 'lenet.py');
  writeFileSync(script, exportPytorch(template('lenet')!, { fileName: 'lenet.py' }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('splits validation data and schedules the rate exactly as CNN Studio', () => {
    const labels = Array.from({ length: 97 }, (_, i) => (i * 7) % 10);
    const schedules = ['constant', 'step:2:0.5', 'cosine', 'onecycle'];
    const code = [
      'import importlib.util, json, sys, torch',
      `spec = importlib.util.spec_from_file_location('m', ${JSON.stringify(script)})`,
      'm = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)',
      `kept, held = m.stratified_split(torch.tensor(${JSON.stringify(labels)}), 0.3, 4242)`,
      `rates = {s: [m.lr_factor(t, s, 1 if s == 'cosine' else 0, 4, 6) for t in range(24)] for s in ${JSON.stringify(schedules)}}`,
      "print(json.dumps({'kept': kept.tolist(), 'held': held.tolist(), 'rates': rates}))",
    ].join('\n');
    const got = JSON.parse(run(python, ['-c', code])) as {
      kept: number[];
      held: number[];
      rates: Record<string, number[]>;
    };
    const split = stratifiedSplit(labels, 0.3, 4242);
    expect(got.kept).toEqual([...split.train]);
    expect(got.held).toEqual([...split.val]);
    for (const s of schedules) {
      const r = { schedule: parseSchedule(s)!, lr: 1, epochs: 4, stepsPerEpoch: 6 };
      const want = Array.from({ length: 24 }, (_, t) =>
        learningRate({ ...r, warmup: s === 'cosine' ? 1 : 0 }, t),
      );
      got.rates[s]!.forEach((v, t) =>
        expect(Math.abs(v - want[t]!), `${s} ${t}`).toBeLessThan(1e-15),
      );
    }
  }, 60_000);
});
