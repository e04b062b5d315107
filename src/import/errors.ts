/** One thing the importer could not read: where (an op type, a node) and why. */
export interface ImportProblem {
  where: string;
  message: string;
}

/**
 * A file the importer cannot turn into a network. `message` says why in one line; `problems`
 * lists each op or node at fault on its own, for a dialog (one entry when the file as a whole is
 * at fault).
 */
export class ImportError extends Error {
  readonly problems: ImportProblem[];

  constructor(message: string, problems?: ImportProblem[]) {
    super(message);
    this.name = 'ImportError';
    this.problems = problems ?? [{ where: '(file)', message }];
  }
}
