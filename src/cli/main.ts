import { CliError } from './errors.js';
import * as exportCmd from './commands/export.js';
import * as forwardCmd from './commands/forward.js';
import * as importCmd from './commands/import.js';
import * as stepCmd from './commands/step.js';
import * as summaryCmd from './commands/summary.js';
import * as templatesCmd from './commands/templates.js';
import * as trainCmd from './commands/train.js';
import * as validateCmd from './commands/validate.js';

type Command = { usage: string; run: (args: string[]) => number | Promise<number> };

const commands: Record<string, Command> = {
  summary: { usage: summaryCmd.usage, run: summaryCmd.summary },
  validate: { usage: validateCmd.usage, run: validateCmd.validate },
  export: { usage: exportCmd.usage, run: exportCmd.exportGraph },
  import: { usage: importCmd.usage, run: importCmd.importModel },
  templates: { usage: templatesCmd.usage, run: templatesCmd.templates },
  train: { usage: trainCmd.usage, run: trainCmd.train },
  forward: { usage: forwardCmd.usage, run: forwardCmd.forward },
  step: { usage: stepCmd.usage, run: stepCmd.step },
};

const help = (): string =>
  `usage: cnn-studio <command> ...\n\n${Object.values(commands)
    .map((c) => `  cnn-studio ${c.usage}`)
    .join('\n')}`;

/** Runs one CLI invocation; returns the exit code. Expected failures print one line, no stack. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(help());
    return name === undefined ? 1 : 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`cnn-studio: unknown command "${name}"\n${help()}`);
    return 1;
  }
  try {
    return await command.run(args);
  } catch (e) {
    if (e instanceof CliError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`cnn-studio ${name}: ${(e as Error).message}`);
      return 1;
    }
    throw e;
  }
}
