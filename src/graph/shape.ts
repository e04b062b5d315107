/** A tensor shape without the batch axis: [C, H, W] for feature maps, [F] for flat vectors. */
export type Shape = readonly number[];

export function formatShape(shape: Shape): string {
  return shape.join('×');
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function numel(shape: Shape): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** Thrown by a layer's shape function; the analyser turns it into a problem naming the node. */
export class ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShapeError';
  }
}

export function requireImage(shape: Shape, what: string): [number, number, number] {
  if (shape.length !== 3) {
    throw new ShapeError(
      `${what} needs a C×H×W feature map but gets a flat vector of ${formatShape(shape)}; remove the Flatten before it`,
    );
  }
  return [shape[0]!, shape[1]!, shape[2]!];
}

export function requireFlat(shape: Shape, what: string): number {
  if (shape.length !== 1) {
    throw new ShapeError(
      `${what} needs a flat vector but gets ${formatShape(shape)}; add a Flatten before it`,
    );
  }
  return shape[0]!;
}
