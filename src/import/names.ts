import { isTorchReserved } from '../export/pythonNames.js';

/** What names an imported layer: its ONNX node, its op type, and its weights' value names. */
export interface NameSource {
  nodeName: string;
  opType: string;
  /** The names the node reads its constant inputs under (`features.0.weight`, `onnx::Conv_7`). */
  constantInputs: string[];
}

/** One part of a dotted id: letters, digits and _, not a name PyTorch reserves. */
function part(text: string, first: boolean): string {
  let p = text.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (p === '') return '';
  if (first && /^[0-9]/.test(p)) p = `n${p}`;
  return isTorchReserved(p) ? `${p}_` : p;
}

/** A dotted id from dotted or slashed text, or '' when nothing usable is left. */
export function sanitizeId(text: string): string {
  const parts: string[] = [];
  for (const piece of text.split(/[./]+/)) {
    const p = part(piece, parts.length === 0);
    if (p) parts.push(p);
  }
  return parts.join('.');
}

/**
 * The module path of a node PyTorch's exporter named `/features/features.0/features.0.0/Conv`:
 * each scope shows its module's qualified name from the last non-numeric part on, so the path is
 * the last part of each scope joined (features.0.0); null for names not of that form.
 */
function torchScope(name: string): string | null {
  if (!name.startsWith('/')) return null;
  const scopes = name.split('/').slice(1, -1);
  return scopes.map((s) => s.split('.').at(-1)!).join('.');
}

/** PyTorch's parameter names end so: `<module path>.weight` names its module. */
const weightSuffix = /\.(weight|bias|running_mean|running_var)$/;

/** The id a layer would get on its own, before clashes with other layers are settled. */
function firstChoice(s: NameSource): { base: string; label: string } {
  const label =
    sanitizeId(s.nodeName.split('/').at(-1) ?? '').toLowerCase() || s.opType.toLowerCase();
  const fromWeight = s.constantInputs.find((n) => weightSuffix.test(n) && !n.includes('::'));
  if (fromWeight) {
    const base = sanitizeId(fromWeight.replace(weightSuffix, ''));
    if (base) return { base, label };
  }
  const scope = torchScope(s.nodeName);
  return { base: sanitizeId(scope ?? s.nodeName), label };
}

const isPrefixOf = (a: string, b: string) => b.startsWith(`${a}.`);

/**
 * Ids for imported layers, as PyTorch names their modules where the file tells it: from the
 * weights' names (`features.0.weight` → `features.0`) or PyTorch's node scopes, else the node's
 * own name. A layer whose id would be another's or the folder of others (the Add in
 * `layer1.0`, whose convs are `layer1.0.conv1`) takes its op's label after it (`layer1.0.add`);
 * what still clashes gets _2, _3 (the shorter id, so that a folder's layers keep theirs).
 */
export function layerIds(sources: readonly NameSource[]): string[] {
  const choices = sources.map(firstChoice);
  const ids = choices.map((c) => c.base);
  // A base shared with another layer, or that is another's folder, takes its label; repeat, as
  // the longer id can clash in turn.
  for (let changed = true; changed;) {
    changed = false;
    ids.forEach((id, i) => {
      const { label } = choices[i]!;
      const clash =
        id === '' || ids.some((other, j) => j !== i && (other === id || isPrefixOf(id, other)));
      if (clash && id !== label && !id.endsWith(`.${label}`)) {
        ids[i] = id === '' ? label : `${id}.${label}`;
        changed = true;
      }
    });
  }
  // Longest first, so a folder's layers are placed before the folder's own id is settled.
  const order = ids.map((_, i) => i).sort((a, b) => ids[b]!.length - ids[a]!.length);
  const placed: string[] = [];
  const final = [...ids];
  for (const i of order) {
    final[i] = freeId(ids[i]!, placed);
    placed.push(final[i]);
  }
  return final;
}

/** `id`, or `id_2`, `id_3`, … : the first that is neither one of `placed` nor a folder of one. */
export function freeId(id: string, placed: readonly string[]): string {
  const clashes = (c: string) =>
    placed.some((u) => u === c || isPrefixOf(c, u) || isPrefixOf(u, c));
  let unique = id;
  for (let n = 2; clashes(unique); n++) unique = `${id}_${n}`;
  return unique;
}
