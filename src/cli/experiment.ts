// `npm run experiment -- --task msa --preset nano --iterations 2 --backend cpu --seed 1`: the TriPosT pipeline in
// Node on an in-memory store; progress bars on stderr, a table per iteration on stdout, `--json` one object last.
// With --out the run bundles are kept up to date as it runs; `--resume FILE.zip` goes on after a kill or Ctrl-C.
import { redact } from '../llm/secrets';
import { parseExperimentArgs, usage, UsageError, type ExperimentOptions } from './experiment-args';
import { runExperiment } from './experiment-run';
import { ProgressBars } from './progress-bar';
import { comparisonTable, iterationTable } from './report-table';
import { writeAuthorsFolders } from './authors-folder';
import { writePeftFolders } from './peft-folder';
import { bundlePath } from './run-bundle-file';

/** Ctrl-C stops as the app's Stop does (the training step and bundle kept); a second one quits at once. */
function stopOnInterrupt(): AbortSignal {
  const stop = new AbortController();
  process.on('SIGINT', () => {
    if (stop.signal.aborted) process.exit(130);
    process.stderr.write('\nstopping after the current step (Ctrl-C again to quit at once)\n');
    stop.abort();
  });
  return stop.signal;
}

async function main(argv: string[]): Promise<number> {
  let opts: ExperimentOptions | 'help';
  try {
    opts = parseExperimentArgs(argv, process.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`error: ${e.message}\nRun with --help for the list of flags.\n`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  const bars = new ProgressBars(process.stderr);
  const signal = stopOnInterrupt();
  if (opts.resume) process.stderr.write(`resuming ${opts.resume}: ${opts.config.method} · ${opts.config.task} · ${opts.config.preset} · seed ${opts.config.seed}\n`);
  const outcome = await runExperiment(opts, {
    signal,
    onEvent: (run, e) => {
      if (opts.events) process.stderr.write(`${JSON.stringify({ run, ...e })}\n`);
      bars.update(run, e);
    },
    onRunDone: (run, iterations, error) => {
      bars.finish();
      for (const it of iterations) process.stdout.write(`${iterationTable(run, it)}\n`);
      if (error) process.stdout.write(`${run} ended early: ${error}\n\n`);
    },
  }).catch((e: Error) => {
    if (e?.name !== 'AbortError') throw e;
    return null;
  });
  if (!outcome) {
    bars.finish();
    process.stderr.write(opts.out ? `stopped; go on with: npm run experiment -- --resume ${opts.out}\n` : 'stopped; without --out nothing was kept\n');
    return 130;
  }
  const { report } = outcome;
  if (report.baselines) {
    const main = { [opts.config.method]: { seen: report.iterations.at(-1)?.evals.seen ?? null, unseen: report.iterations.at(-1)?.evals.unseen ?? null } };
    process.stdout.write(comparisonTable({ ...main, ...report.baselines }));
  }
  if (opts.out) for (const name of Object.keys(outcome.runIds)) process.stderr.write(`wrote ${bundlePath(opts.out, name, opts.config.method)}\n`);
  if (opts.exportAuthors) for (const note of await writeAuthorsFolders(outcome.db, outcome.runIds, opts.config.method, opts.exportAuthors)) process.stderr.write(`${note}\n`);
  if (opts.exportPeft) for (const note of await writePeftFolders(outcome.db, outcome.runIds, opts.config.method, opts.exportPeft)) process.stderr.write(`${note}\n`);
  process.stderr.write(`finished in ${report.seconds}s on ${report.backend}\n`);
  if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  return report.error ? 1 : 0;
}

const apiKey = process.env.OPENAI_API_KEY;
main(process.argv.slice(2)).then(
  // Dawn keeps the event loop alive; the exit is explicit.
  (code) => process.exit(code),
  (err: Error) => {
    // A flag found bad only once the run began (what an --init-hf folder holds) reads as the flags' own errors do.
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`error: ${redact(`${err?.name ?? 'Error'}: ${err?.message ?? err}`, apiKey)}\n`);
    process.exit(1);
  },
);
