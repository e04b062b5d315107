import { analyze, templateNames, template } from '../../graph/index.js';
import { textTable, thousands } from '../table.js';

export const usage = 'templates';

export function templates(): number {
  const rows = templateNames.map((name) => {
    const graph = template(name)!;
    const a = analyze(graph);
    const input = a.nodes.get(a.inputId!)!.shape;
    return [name, graph.meta.name, input.join('×'), thousands(a.totals.paramCount)];
  });
  console.log(textTable(['Template', 'Network', '>Input', '>Params'], rows));
  return 0;
}
