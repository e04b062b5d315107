/**
 * `npm run bench:editor`: how fast the editor takes in a big graph and an edit.
 * In Node: analyze() alone. In headless Chromium on the built app: import to first full render,
 * one hyperparameter edit to the last shape updated on screen, and frame times while dragging.
 */
import { performance } from 'node:perf_hooks';
import { analyze, serializeGraph, template, type Graph } from '../src/graph/index.js';
import { autoLayout, withPositions } from '../src/renderer/layout/autoLayout.js';
import { expandBlocks } from '../src/renderer/store/expandBlocks.js';
import { importJson, launchBrowser, node, openEditor } from './app.js';
import { serveStatic } from './server.js';
import { syntheticGraph } from './syntheticGraph.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function laidOut(graph: Graph): Promise<Graph> {
  return {
    ...graph,
    nodes: withPositions(graph.nodes, await autoLayout(graph.nodes, graph.edges, 'DOWN')),
  };
}

const densenet = template('densenet')!;
const cases: { name: string; graph: Graph; watch: string }[] = [
  {
    name: 'DenseNet, all blocks expanded',
    graph: await laidOut(
      expandBlocks(densenet, analyze(densenet), new Set(densenet.nodes.map((n) => n.id))),
    ),
    watch: 'last.1',
  },
  {
    name: 'synthetic residual stack',
    graph: await laidOut(syntheticGraph(124)),
    // Large graphs render only what is on screen, so watch a node near the input.
    watch: 'add0',
  },
];

const rows: string[][] = [];
const { server, url } = await serveStatic('dist/web');
const browser = await launchBrowser();
try {
  for (const c of cases) {
    const n = c.graph.nodes.length;
    const times = Array.from({ length: 30 }, () => {
      const t = performance.now();
      analyze(c.graph);
      return performance.now() - t;
    });

    const { page, errors } = await openEditor(browser, url);
    const t0 = performance.now();
    await importJson(page, `${c.name}.json`, serializeGraph(c.graph));
    // Every node (for a large graph: every node on screen) rendered and measured.
    await page.waitForFunction(
      ([count, watch]) => {
        const shown = [...document.querySelectorAll<HTMLElement>('.react-flow__node')];
        return (
          (shown.length === count || document.querySelector(`[data-testid="node-${watch}"]`)) &&
          shown.every((el) => el.style.visibility !== 'hidden')
        );
      },
      [n, c.watch] as const,
      { polling: 'raf', timeout: 120_000 },
    );
    const firstRender = performance.now() - t0;

    // One edit: the input's height, which changes the shape of every node down to `watch`.
    await node(page, 'input').click();
    const field = page.getByTestId('param-height');
    const editTimes: number[] = [];
    for (const height of [64, 128, 160, 192, 96]) {
      await field.fill(String(height));
      const before = await node(page, c.watch).getByTestId('shape').textContent();
      const t = performance.now();
      await field.press('Enter');
      await page.waitForFunction(
        ([id, old]) =>
          document.querySelector(`[data-testid="node-${id}"] [data-testid="shape"]`)
            ?.textContent !== old,
        [c.watch, before] as const,
        { polling: 'raf' },
      );
      editTimes.push(performance.now() - t);
    }

    // Frame times while dragging a node across the canvas.
    // A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
    await page.evaluate(`
      window.__frames = [];
      let last = performance.now();
      const tick = (now) => {
        window.__frames.push(now - last);
        last = now;
        if (window.__frames.length < 100000) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    `);
    const box = (await node(page, 'input').boundingBox())!;
    await page.mouse.move(box.x + 100, box.y + 10);
    await page.mouse.down();
    for (let i = 1; i <= 60; i++) await page.mouse.move(box.x + 100 + i * 4, box.y + 10 + i * 3);
    await page.mouse.up();
    const frames = await page.evaluate<number[]>('window.__frames.slice(1)');
    if (errors.length > 0) throw new Error(errors.join('\n'));
    await page.context().close();

    rows.push([
      `${c.name} (${n} nodes)`,
      ms(median(times)),
      ms(firstRender),
      ms(median(editTimes)),
      ms(Math.max(...frames)),
    ]);
  }
} finally {
  await browser.close();
  server.close();
}

const head = ['graph', 'analyze()', 'import → rendered', 'edit → shown', 'worst drag frame'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
console.log(line(head));
for (const r of rows) console.log(line(r));
console.log(
  'analyze(): median of 30 in Node; edit → shown: median of 5, Enter to the last shape on screen.',
);
