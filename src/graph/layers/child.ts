import type { Child, Layer } from '../layer.js';
import type { Fields, Params, ParamsOf } from '../params.js';

/** A composite's child; params not given take the child layer's defaults. */
export function child<K extends string, F extends Fields>(
  name: string,
  layer: Layer<K, F>,
  params: Partial<ParamsOf<F>>,
  inputs: string[],
): Child {
  return { name, kind: layer.kind, params: { ...layer.defaults, ...params } as Params, inputs };
}

/** Appends children that each take the previous one's output; returns the last name. */
export function chain(children: Child[], from: string, steps: [string, Layer, object][]): string {
  let prev = from;
  for (const [name, layer, params] of steps) {
    children.push({
      name,
      kind: layer.kind,
      params: { ...layer.defaults, ...params } as Params,
      inputs: [prev],
    });
    prev = name;
  }
  return prev;
}
