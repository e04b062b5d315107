/** A file the importer cannot turn into a network, with the reason in one line for the user. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}
