// A bad command line: the CLI prints its message with a pointer to --help and exits 2 (src/cli/experiment.ts).
export class UsageError extends Error {
  override name = 'UsageError';
}
