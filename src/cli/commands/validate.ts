import { analyze } from '../../graph/index.js';
import { readGraphArg } from '../graphArg.js';

export const usage = 'validate <file.json>';

export function validate(args: string[]): number {
  const graph = readGraphArg(args[0]);
  const problems = analyze(graph).problems;
  for (const p of problems) {
    console.log(`${p.severity}: ${p.nodeId ?? p.edgeId ?? 'graph'}: ${p.message}`);
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (errors === 0) console.log('valid');
  return errors === 0 ? 0 : 1;
}
