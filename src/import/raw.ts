/** A node of the ONNX file as the importer holds it while it reads the graph. */
import type { onnx } from '../export/onnxProto/onnx.js';
import { toNumber } from './decode.js';

export type Attribute = onnx.AttributeProto.$Properties;

/** A node of the file, and what the importer learns of it. */
export interface RawNode {
  proto: onnx.NodeProto.$Properties;
  name: string;
  opType: string;
  /** Input value names as the file writes them, and resolved through removed nodes. */
  written: string[];
  inputs: string[];
  outputs: string[];
  attributes: Map<string, Attribute>;
  /** Attribute values that stand in for the file's (a folded Pad's padding). */
  overrides: Map<string, number | number[]>;
  /** Why it makes no layer of its own: folded or passed through, or taken over by another. */
  removed: boolean;
  failed: boolean;
}

/** How a problem names its node: `Conv "conv1"`. */
export const where = (raw: { opType: string; name: string }) => `${raw.opType} "${raw.name}"`;

/** Attribute list of ints, as a Pad's pads or a window's. */
export const intsOf = (a: Attribute | undefined, what: string): number[] | null =>
  a ? (a.ints ?? []).map((v) => toNumber(v, what)) : null;
