// `npm run experiment -- --task msa --preset nano --iterations 2 --backend cpu --seed 1`: the TriPosT pipeline in
// Node on an in-memory store; progress bars on stderr, a table per iteration on stdout, `--json` one object last.
import { writeFile } from 'node:fs/promises';
import { redact } from '../llm/secrets';
import { exportRunBundle } from '../store';
import { parseExperimentArgs, usage, UsageError, type ExperimentOptions } from './experiment-args';
import { runExperiment, type ExperimentOutcome } from './experiment-run';
import { ProgressBars } from './progress-bar';
import { comparisonTable, iterationTable } from './report-table';

/** The main run to FILE, each baseline to FILE.<method>.zip beside it. */
async function writeBundles(out: string, outcome: ExperimentOutcome, mainName: string): Promise<string[]> {
  const written: string[] = [];
  for (const [name, runId] of Object.entries(outcome.runIds)) {
    const path = name === mainName ? out : `${out.replace(/\.zip$/i, '')}.${name}.zip`;
    await writeFile(path, await exportRunBundle(outcome.db, runId));
    written.push(path);
  }
  return written;
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
  const outcome = await runExperiment(opts, {
    onEvent: (run, e) => bars.update(run, e),
    onRunDone: (run, iterations, error) => {
      bars.finish();
      for (const it of iterations) process.stdout.write(`${iterationTable(run, it)}\n`);
      if (error) process.stdout.write(`${run} ended early: ${error}\n\n`);
    },
  });
  const { report } = outcome;
  if (report.baselines) {
    const main = { [opts.config.method]: { seen: report.iterations.at(-1)?.evals.seen ?? null, unseen: report.iterations.at(-1)?.evals.unseen ?? null } };
    process.stdout.write(comparisonTable({ ...main, ...report.baselines }));
  }
  if (opts.out) for (const path of await writeBundles(opts.out, outcome, opts.config.method)) process.stderr.write(`wrote ${path}\n`);
  process.stderr.write(`finished in ${report.seconds}s on ${report.backend}\n`);
  if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  return report.error ? 1 : 0;
}

const apiKey = process.env.OPENAI_API_KEY;
main(process.argv.slice(2)).then(
  // Dawn keeps the event loop alive; the exit is explicit.
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`error: ${redact(`${err?.name ?? 'Error'}: ${err?.message ?? err}`, apiKey)}\n`);
    process.exit(1);
  },
);
