import { parseGraph, serializeGraph, template, type Graph } from '../../graph/index.js';
import { canvasSize } from '../canvas/canvasSize.js';
import { autoLayout, withPositions } from '../layout/autoLayout.js';
import { emptyGraph, graphOf } from '../store/graphSlice.js';
import { editorStore, isDirty, type EditorStore } from '../store/store.js';
import {
  desktop,
  exportFile,
  openFile,
  reporting,
  saveFile,
  type OpenedFile,
} from './fileAccess.js';
import { openWeightsBeside, saveWeightsBeside } from './weightsBeside.js';

/** Asks before unsaved changes are dropped; true when it is fine to go on. */
export function confirmDiscard(store: EditorStore = editorStore): boolean {
  return !isDirty(store.getState()) || window.confirm('Discard the unsaved changes to this graph?');
}

/** A file name for the graph's name: `<name>.<extension>`, safe on every file system. */
export const fileName = (name: string, extension = 'json') =>
  `${name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-|-$/g, '') || 'graph'}.${extension}`;

/**
 * Reads a graph file into the editor. A bad file changes nothing and its every error is
 * shown; returns whether it loaded. `keepPath` false makes Save ask where (Import).
 */
export function loadFile(file: OpenedFile, keepPath: boolean, store: EditorStore = editorStore) {
  const result = parseGraph(file.text);
  const s = store.getState();
  if (!result.ok) {
    s.setUi({ fileErrors: { file: file.name, errors: result.errors } });
    return false;
  }
  s.replaceGraph(result.graph);
  forgetWeights(store);
  const document =
    keepPath && file.path ? { name: file.name, path: file.path } : { name: file.name };
  // Work recovered after a crash was never saved, so it stays marked unsaved.
  if (file.recovered) s.setUi({ document });
  else s.markSaved(document);
  s.setUi({ fileErrors: null });
  const bridge = desktop();
  if (bridge && document.path) void openWeightsBeside(bridge, document.path, store);
  return true;
}

/** Another network is open: the last trained or loaded weights and their results were not its. */
function forgetWeights(store: EditorStore) {
  store.getState().setTraining({
    checkpoint: null,
    evaluation: null,
    evaluationOf: null,
    probe: null,
    featureMaps: null,
  });
}

export function newGraph(store: EditorStore = editorStore) {
  if (!confirmDiscard(store)) return;
  store.getState().replaceGraph(emptyGraph());
  forgetWeights(store);
  store.getState().markSaved({ name: 'Untitled' });
}

/** Open: the file becomes the document that Save writes back to. */
export async function openGraph(store: EditorStore = editorStore) {
  if (!confirmDiscard(store)) return;
  await reporting('Open', async () => {
    const file = await openFile();
    if (file) loadFile(file, true, store);
  });
}

/** Import: the file's graph replaces the canvas, but Save asks where rather than overwriting it. */
export async function importGraph(store: EditorStore = editorStore) {
  if (!confirmDiscard(store)) return;
  await reporting('Import', async () => {
    const file = await openFile();
    if (file) loadFile(file, false, store);
  });
}

export async function saveGraph(saveAs: boolean, store: EditorStore = editorStore) {
  const s = store.getState();
  const text = serializeGraph(graphOf(s));
  const path = saveAs ? undefined : s.document.path;
  const name = s.document.name.endsWith('.json') ? s.document.name : fileName(s.meta.name);
  await reporting('Save', async () => {
    const saved = await saveFile(text, name, path);
    if (!saved) return;
    s.markSaved(saved);
    const bridge = desktop();
    if (bridge && saved.path) await saveWeightsBeside(bridge, saved.path, store);
  });
}

/** Export writes a copy; the open document and its unsaved state stay as they are. */
export async function exportGraph(store: EditorStore = editorStore) {
  const s = store.getState();
  await reporting('Export JSON', () =>
    exportFile(serializeGraph(graphOf(s)), fileName(s.meta.name)),
  );
}

/** A graph laid out to fill the canvas, replacing what is open in one undo step. */
export async function loadLaidOut(graph: Graph, store: EditorStore = editorStore) {
  const positions = await autoLayout(graph.nodes, graph.edges, {
    direction: store.getState().direction,
    fit: canvasSize(),
    collapsed: new Set(graph.collapsed),
  });
  store.getState().replaceGraph({ ...graph, nodes: withPositions(graph.nodes, positions) });
}

/** Replaces the graph with a template, unless the user keeps unsaved work; true when it did. */
export async function loadTemplate(name: string, store: EditorStore = editorStore) {
  const graph = template(name);
  if (!graph || !confirmDiscard(store)) return false;
  await loadLaidOut(graph, store);
  forgetWeights(store);
  // An untouched template loses nothing if dropped, so it counts as saved.
  store.getState().markSaved({ name: 'Untitled' });
  return true;
}

/** Lays out the open graph to fill the canvas (one undo step). */
export async function layoutGraph(store: EditorStore = editorStore) {
  const s = store.getState();
  const positions = await autoLayout(s.nodes, s.edges, {
    direction: s.direction,
    fit: canvasSize(),
    sizes: s.measured,
    collapsed: new Set(s.collapsed),
  });
  store.getState().setPositions(positions);
}
