import { ExportError } from '../export/index.js';
import { IdxError } from '../runtime-gpu/data/idx.js';
import { PlanError, SafetensorsError } from '../runtime-gpu/index.js';
import { SessionError } from '../training/session.js';
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
    console.error(`cnn-studio ${name}: ${errorLine(e)}`);
    return 1;
  }
}

/** Errors whose message is meant for the user as it is. */
const expected = [CliError, PlanError, SessionError, SafetensorsError, IdxError, ExportError];

/**
 * Any error as one line: an expected one by its message, anything else (a bug, or a limit of
 * the machine) as an internal error; CNN_STUDIO_DEBUG=1 prints the stack trace as well.
 */
export function errorLine(e: unknown): string {
  const error = e instanceof Error ? e : new Error(String(e));
  if (process.env.CNN_STUDIO_DEBUG) console.error(error.stack);
  const code = (error as NodeJS.ErrnoException).code;
  if (expected.some((kind) => error instanceof kind) || code?.startsWith('ERR_PARSE_ARGS')) {
    return oneLine(error.message);
  }
  if (error instanceof RangeError && /call stack|Invalid array length/.test(error.message)) {
    return `the input is too large to process (${error.message}); set CNN_STUDIO_DEBUG=1 to see where`;
  }
  return `internal error: ${oneLine(error.message)} (set CNN_STUDIO_DEBUG=1 for the stack trace, and please report it)`;
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, '; ');

/**
 * The process's entry (bin/cnn-studio.js): runs one command and sets the exit code. A reader
 * that closes the pipe early (`| head -1`) ends the command quietly, and an error nothing
 * awaited still prints one line.
 */
export async function runProcess(argv: string[]): Promise<void> {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      process.stderr.write(`cnn-studio: ${errorLine(e)}\n`);
      process.exit(1);
    });
  }
  const fail = (e: unknown) => {
    console.error(`cnn-studio: ${errorLine(e)}`);
    process.exit(1);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  process.exitCode = await main(argv);
}
