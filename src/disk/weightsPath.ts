import path from 'node:path';

/** The weights file saved beside a graph: `net.cnn.json` or `net.json` → `net.safetensors`. */
export function weightsPathFor(graphPath: string): string {
  const dir = path.dirname(graphPath);
  const base = path.basename(graphPath).replace(/(\.cnn)?\.json$/i, '');
  return path.join(dir, `${base}.safetensors`);
}
