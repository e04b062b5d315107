/** A new node id for a layer kind: the kind in lower case and the first free number, e.g. `conv2d_3`. */
export function freshNodeId(kind: string, taken: ReadonlySet<string>): string {
  const base = kind.toLowerCase();
  for (let n = 1; ; n++) {
    const id = `${base}_${n}`;
    if (!taken.has(id)) return id;
  }
}

export const edgeId = (source: string, target: string): string => `${source}->${target}`;
