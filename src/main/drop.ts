import { fileURLToPath } from 'node:url';
import { isOpenableFileName } from './argv.js';

/**
 * The graph or ONNX file dropped on the window, from the navigation Chromium starts for a drop the page
 * does not take (the preload keeps the page from taking file drops); null for any other
 * navigation, which main refuses anyway.
 *
 * Why a navigation and not a message from the preload: a renderer that is compromised can send
 * any message, but it cannot make the browser process navigate it to a file of its choosing.
 * Chromium lets a renderer request a file:// URL only for files the user dropped on it (the
 * browser process grants exactly those when the drop happens) and turns any other file:// request
 * into about:blank#blocked before main sees it. So a file:// URL here is a file the user dropped.
 */
export function droppedFile(url: unknown): string | null {
  if (typeof url !== 'string' || !url.startsWith('file:')) return null;
  let file: string;
  try {
    file = fileURLToPath(url);
  } catch {
    return null;
  }
  return isOpenableFileName(file) ? file : null;
}
