import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExportFormat, OpenedFile, OpenedModel, UnsavedDocument } from '../bridge/api.js';
import { maxGraphFileBytes } from '../graph/index.js';
import { writeFileAtomic } from '../disk/atomicWrite.js';
import type { Handlers } from './ipc.js';
import { weightsPathFor } from '../disk/weightsPath.js';
import { PathAccess } from './pathAccess.js';
import type { RecentFiles } from './recentFiles.js';

export interface FileFilter {
  name: string;
  extensions: string[];
}

/** The native dialogs, behind an interface so the handlers run in Node tests. */
export interface Dialogs {
  /** The chosen graph file, or null when cancelled. */
  openGraph(defaultFolder: string): Promise<string | null>;
  /** The chosen ONNX model, or null when cancelled. */
  openModel(defaultFolder: string): Promise<string | null>;
  /** The chosen destination, or null when cancelled. */
  saveFile(options: {
    title: string;
    defaultPath: string;
    filters: FileFilter[];
  }): Promise<string | null>;
}

export interface DesktopDeps {
  access: PathAccess;
  dialogs: Dialogs;
  recent: RecentFiles;
  /** Receives the renderer's unsaved state (the autosave). */
  unsaved: { update(document: UnsavedDocument | null): Promise<void> };
  appVersion: string;
  /** Where dialogs open before the user has picked anything. */
  documentsFolder: string;
  /** Called after the recent list changes, to rebuild the menu. */
  onRecentChanged(files: string[]): void;
}

export const graphFilter: FileFilter = { name: 'CNN Studio graph', extensions: ['json'] };
export const modelFilter: FileFilter = { name: 'ONNX model', extensions: ['onnx'] };

/** ONNX files are protobuf messages, which cannot pass 2 GiB; larger models keep data outside. */
const maxModelBytes = 2 ** 31 - 1;

const exportFilters: Record<ExportFormat, FileFilter> = {
  json: graphFilter,
  pytorch: { name: 'Python', extensions: ['py'] },
  onnx: modelFilter,
  safetensors: { name: 'Weights (safetensors)', extensions: ['safetensors'] },
};

/** Graphs are saved as `.cnn.json` unless the user typed a .json name themselves. */
export const withGraphExtension = (file: string): string =>
  /\.json$/i.test(file) ? file : `${file}.cnn.json`;

const isMissing = (e: unknown): boolean => (e as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * What each preload method does in main. Every path the renderer passes is checked against the
 * paths the user picked; the dialogs are the only way new paths get in.
 */
export function createDesktopApi(deps: DesktopDeps): Handlers & {
  /** Opens a file the system handed to the app (command line, double-click, drag). */
  openFromSystem(file: string): Promise<OpenedFile>;
  /** Reads an ONNX model the system handed to the app, for the renderer to import. */
  modelFromSystem(file: string): Promise<OpenedModel>;
} {
  const { access, dialogs, recent } = deps;
  let lastFolder = deps.documentsFolder;

  const remember = async (file: string): Promise<void> => {
    lastFolder = path.dirname(file);
    deps.onRecentChanged(await recent.add(file));
  };

  const read = async (file: string): Promise<OpenedFile> => {
    const { size } = await fs.stat(file);
    if (size > maxGraphFileBytes) {
      const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
      throw new Error(
        `${path.basename(file)} is ${mib(size)}, over the ${mib(maxGraphFileBytes)} a graph file may have`,
      );
    }
    const text = await fs.readFile(file, 'utf8');
    await remember(file);
    return { path: file, text, recovered: false };
  };

  /** A model's bytes; the renderer never passes the path back, so it needs no grant. */
  const readModel = async (file: string): Promise<OpenedModel> => {
    const { size } = await fs.stat(file);
    if (size > maxModelBytes) {
      throw new Error(`${path.basename(file)} is larger than 2 GiB, the most an ONNX file holds`);
    }
    lastFolder = path.dirname(file);
    return { path: file, bytes: new Uint8Array(await fs.readFile(file)) };
  };

  const saveDialog = (title: string, name: string, filter: FileFilter) =>
    dialogs.saveFile({ title, defaultPath: path.join(lastFolder, name), filters: [filter] });

  return {
    async openGraph() {
      const chosen = await dialogs.openGraph(lastFolder);
      return chosen === null ? null : read(access.grantGraph(chosen));
    },
    async openModel() {
      const chosen = await dialogs.openModel(lastFolder);
      return chosen === null ? null : readModel(chosen);
    },
    readGraph: async (file) => read(access.check(file)),
    openFromSystem: async (file) => read(access.grantGraph(file)),
    modelFromSystem: readModel,
    async saveGraph(file, text) {
      const target = access.check(file);
      await writeFileAtomic(target, text);
      await remember(target);
    },
    async saveGraphAs(suggestedName, text) {
      const chosen = await saveDialog('Save graph', suggestedName, graphFilter);
      if (chosen === null) return null;
      const target = access.grantGraph(withGraphExtension(chosen));
      await writeFileAtomic(target, text);
      await remember(target);
      return target;
    },
    async readWeights(graphFile) {
      const weights = access.check(weightsPathFor(access.check(graphFile)));
      try {
        return new Uint8Array(await fs.readFile(weights));
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
    },
    async writeWeights(graphFile, bytes) {
      await writeFileAtomic(access.check(weightsPathFor(access.check(graphFile))), bytes);
    },
    async exportFile({ format, suggestedName, contents }) {
      const chosen = await saveDialog(`Export ${format}`, suggestedName, exportFilters[format]);
      if (chosen === null) return null;
      await writeFileAtomic(chosen, contents);
      lastFolder = path.dirname(chosen);
      return chosen;
    },
    recentFiles: async () => recent.list(),
    async reportDocument(document) {
      if (document !== null && document.path !== null) access.check(document.path);
      await deps.unsaved.update(document);
    },
    appVersion: async () => deps.appVersion,
  };
}
