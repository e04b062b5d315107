/**
 * `npm run bench:editor`: how fast the editor takes in a big graph and an edit.
 * In Node: analyze() alone. In headless Chromium on the built app: import to first full render,
 * one hyperparameter edit to the last shape updated on screen, and frame times while dragging.
 */
import { performance } from 'node:perf_hooks';
import { analyze, formatShape, serializeGraph, template, type Graph } from '../src/graph/index.js';
import { autoLayout, withPositions } from '../src/renderer/layout/autoLayout.js';
import { expandBlocks } from '../src/renderer/store/expandBlocks.js';
import type { Page } from 'playwright-core';
import { count, importJson, launchBrowser, node, openEditor } from './app.js';
import { serveStatic } from './server.js';
import { syntheticGraph } from './syntheticGraph.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function laidOut(graph: Graph): Promise<Graph> {
  return {
    ...graph,
    nodes: withPositions(
      graph.nodes,
      // The canvas of the 1280×800 page, between the default panels.
      await autoLayout(graph.nodes, graph.edges, { fit: { width: 732, height: 730 } }),
    ),
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

/** Every node's shape text once the Input's height is `height`, as the canvas should show it. */
function expectedShapes(graph: Graph, height: number): Record<string, string> {
  const edited = {
    ...graph,
    nodes: graph.nodes.map((n) =>
      n.kind === 'Input' ? { ...n, params: { ...n.params, height } } : n,
    ),
  };
  const shapes: Record<string, string> = {};
  for (const [id, info] of analyze(edited).nodes) shapes[id] = formatShape(info.shape);
  return shapes;
}

/**
 * Defines, in the page, what runs before each Enter: it sets `window.__editShown` to a promise of
 * the milliseconds from the Enter keydown to the DOM showing `expected` on every rendered node
 * (`updated`) and to the end of the frame that paints it (`shown`: an animation frame, then a
 * task, by which time that frame has been painted).
 */
const armEditTimer = `window.__armEditTimer = (expected) => {
  let pressed = null;
  const onKey = (e) => { if (e.key === 'Enter') pressed = e.timeStamp; };
  window.addEventListener('keydown', onKey, true);
  window.__editShown = new Promise((resolve) => {
    const allShown = () =>
      [...document.querySelectorAll('[data-testid^="node-"]')].every((el) => {
        const want = expected[el.dataset.testid.slice(5)];
        return want === undefined || el.querySelector('[data-testid="shape"]')?.textContent === want;
      });
    const observer = new MutationObserver(() => {
      if (pressed === null || !allShown()) return;
      observer.disconnect();
      window.removeEventListener('keydown', onKey, true);
      const updated = performance.now() - pressed;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve({ updated, shown: performance.now() - pressed });
        channel.port2.postMessage(null);
      });
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}`;

/** The canvas's zoom, from React Flow's viewport transform. */
const zoom = (page: Page) =>
  page.evaluate(() => {
    const t = document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform;
    return Number(/scale\(([\d.]+)\)/.exec(t)?.[1] ?? 'NaN');
  });

/** 15 edits of the Input's height (selected, its size box in the inspector), timed in the page. */
async function editTimes(page: Page, graph: Graph) {
  const field = page.getByTestId('param-size-0');
  const edits: { updated: number; shown: number }[] = [];
  for (const height of [64, 128, 160, 192, 96, 72, 144, 112, 80, 200, 56, 120, 176, 88, 136]) {
    await field.fill(String(height));
    await page.evaluate(`window.__armEditTimer(${JSON.stringify(expectedShapes(graph, height))})`);
    await field.press('Enter');
    edits.push(await page.evaluate<(typeof edits)[number]>('window.__editShown'));
  }
  return edits;
}

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

    // One edit: the input's height, which changes the shape of every node after it. Timed in
    // the page, from the Enter keydown to the frame that paints every rendered node's new shape;
    // in the view the graph opens with, then at 100%, zoomed in on the Input being edited.
    await node(page, 'input').click();
    await page.evaluate(armEditTimer);
    const opened = await editTimes(page, c.graph);
    const rendered = await count(page, '.react-flow__node');
    const input = (await node(page, 'input').boundingBox())!;
    await page.mouse.move(input.x + input.width / 2, input.y + input.height / 2);
    while ((await zoom(page)) < 1) await page.mouse.wheel(0, -100);
    const zoomedIn = await editTimes(page, c.graph);
    const renderedZoomedIn = await count(page, '.react-flow__node');

    // Frame times while dragging a node across the canvas (at 100%, zoomed in above).
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

    rows.push(
      [
        `${c.name} (${n} nodes), as opened: ${rendered} rendered`,
        ms(median(times)),
        ms(firstRender),
        ms(median(opened.map((e) => e.updated))),
        ms(median(opened.map((e) => e.shown))),
        '',
      ],
      [
        `  at 100%: ${renderedZoomedIn} rendered`,
        '',
        '',
        ms(median(zoomedIn.map((e) => e.updated))),
        ms(median(zoomedIn.map((e) => e.shown))),
        // The drag comes last, at 100%.
        ms(Math.max(...frames)),
      ],
    );
  }
} finally {
  await browser.close();
  server.close();
}

const head = [
  'graph',
  'analyze()',
  'import → rendered',
  'edit → DOM',
  'edit → shown',
  'worst drag frame',
];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
console.log(line(head));
for (const r of rows) console.log(line(r));
console.log(
  'analyze(): median of 30 in Node. edit: median of 15 Input-height edits (in the view the graph opens with, then at 100%), timed in the page from the Enter keydown to every rendered node showing its new shape (DOM) and to the end of the frame that paints it (shown).',
);
