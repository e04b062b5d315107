import path from 'node:path';
import { weightsPathFor } from '../disk/weightsPath.js';

/**
 * The paths a renderer may read or write: only those the user picked (dialogs, command line,
 * double-click, drag, recent list). A renderer that is compromised can ask for anything, so every
 * IPC handler that touches the disk goes through `check`.
 */
export class PathAccess {
  readonly #granted = new Set<string>();

  /** Grants a graph path and the weights file beside it. */
  grantGraph(graphPath: string): string {
    const resolved = path.resolve(graphPath);
    this.#granted.add(resolved);
    this.#granted.add(weightsPathFor(resolved));
    return resolved;
  }

  isGranted(p: string): boolean {
    return path.isAbsolute(p) && this.#granted.has(path.resolve(p));
  }

  /** The normalised path, or an error for a path the user never picked. */
  check(p: string): string {
    if (!this.isGranted(p)) throw new Error(`CNN Studio may only open files you chose: ${p}`);
    return path.resolve(p);
  }
}
