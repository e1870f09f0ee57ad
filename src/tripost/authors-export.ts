// A run's data in the authors' files (authors-format.ts): per iteration its post-processed training set and its
// trajectories as an editor log, the problems it attempted with their gold rationales, and a manifest that says
// which of their trainer's flags reproduce the playground's weighting. The app zips them; the CLI writes a folder.
import { getRun, listExamples, pageTrajectories, type Problem, type TaskId, type TriPostDb, type Trajectory } from '../store';
import { ratioFromP, type RunConfig } from './config';
import { AUTHORS_TASK_NAMES, authorsEditorLogLine, authorsRationaleLine, authorsTrainingLine, toJsonl } from './authors-format';

export interface AuthorsFile {
  name: string;
  text: string;
}

export const AUTHORS_MANIFEST = 'tripost-playground-manifest.json';

async function runTrajectories(db: TriPostDb, runId: number): Promise<Trajectory[]> {
  const out: Trajectory[] = [];
  let after: number | undefined;
  do {
    const page = await pageTrajectories(db, { runId }, { after, limit: 1000, maxScan: Infinity });
    out.push(...page.items);
    after = page.next ?? undefined;
  } while (after !== undefined);
  return out;
}

/** Each problem once, in the order first attempted; only those with a gold rationale (their files need one). */
function attemptedProblems(trajectories: Trajectory[]): Problem[] {
  const byId = new Map<string, Problem>();
  for (const t of trajectories) if (typeof t.problem.rationale === 'string' && !byId.has(t.problem.id)) byId.set(t.problem.id, t.problem);
  return [...byId.values()];
}

/** Their trainer's flags that mean what the run's config meant (runners/trainer/train_self_improve.py and _rl_noeval.py). */
function trainerFlags(c: Partial<RunConfig>): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  if (c.w !== undefined) flags.self_improve_section_weight = c.w;
  // Their only head weighting: 0 before text_att_start_text, for every example that has one (ours: improvement heads).
  if (c.attemptWeight !== undefined) flags.mask_before_att_start_text = c.attemptWeight === 0;
  if (c.epochs !== undefined) flags.num_train_epochs = c.epochs;
  if (c.warmup !== undefined) flags.warmup_ratio = c.warmup;
  if (c.weightDecay !== undefined) flags.weight_decay = c.weightDecay;
  if (c.p !== undefined) flags.improve_data_ratio = c.p === null ? -1 : ratioFromP(c.p);
  if (c.iterations !== undefined) flags.num_iterations = c.iterations;
  return flags;
}

/** The files of a run; throws when it has neither a training set nor a trajectory yet. */
export async function authorsExport(db: TriPostDb, runId: number): Promise<AuthorsFile[]> {
  const run = await getRun(db, runId);
  const config = run.config as Partial<RunConfig>;
  const trajectories = await runTrajectories(db, runId);
  const task = (config.task ?? trajectories[0]?.task) as TaskId | undefined;
  if (!task || !(task in AUTHORS_TASK_NAMES)) throw new Error(`Run #${runId} names no task and has no trajectories: nothing to export`);
  const name = AUTHORS_TASK_NAMES[task];
  const files: AuthorsFile[] = [];
  const iterations: Record<string, unknown>[] = [];
  const last = Math.max(config.iterations ?? 0, ...trajectories.map((t) => t.iteration));
  for (let k = 1; k <= last; k++) {
    // Their itr 0 is the data the fine-tuned model's attempts made: our iteration 1.
    const itr = k - 1;
    const examples = await listExamples(db, runId, k);
    const attempted = trajectories.filter((t) => t.iteration === k);
    const entry: Record<string, unknown> = { playground_iteration: k, authors_itr: itr };
    if (examples.length > 0) {
      const file = `${name}_self_improve_itr${itr}.jsonl`;
      files.push({ name: file, text: toJsonl(examples.map(authorsTrainingLine)) });
      Object.assign(entry, { training_set: file, examples: examples.length });
    }
    if (attempted.length > 0) {
      const file = `editor_log_itr${itr}_i0.jsonl`;
      files.push({ name: file, text: toJsonl(attempted.map(authorsEditorLogLine)) });
      Object.assign(entry, { editor_log: file, trajectories: attempted.length });
    }
    if (examples.length > 0 || attempted.length > 0) iterations.push(entry);
  }
  if (files.length === 0) throw new Error(`Run #${runId} has no training set or trajectory yet: nothing to export`);
  const problems = attemptedProblems(trajectories);
  const rationales = problems.length > 0 ? `${name}_world_rationale.jsonl` : null;
  if (rationales) files.push({ name: rationales, text: toJsonl(problems.map((p, i) => authorsRationaleLine(p, task, i))) });
  const manifest = {
    format: 'tripost-playground-authors-export',
    version: 1,
    layout: 'jasonyux/TriPosT: training sets as SelfImproveDataset reads them, editor logs as LLMEditor writes them, rationales as train_world_dset',
    run: { id: run.id, name: run.name, config: run.config },
    task: name,
    iterations,
    rationales,
    trainer_flags: trainerFlags(config),
    // What their trainer does differently with the same files (TRIPOST-REFERENCE.md, "Training").
    differences: [
      'their trainer trains on padding and divides by the token count; the playground gives padding weight 0 and divides by the sum of weights',
      'an attemptWeight other than 0 or 1 has no equivalent, and 0 only nearly: mask_before_att_start_text zeroes the head of every example that weighs from "\nFeedback:", directly-correct ones included, where the playground zeroes only improvement examples\' heads',
    ],
  };
  files.push({ name: AUTHORS_MANIFEST, text: `${JSON.stringify(manifest, null, 2)}\n` });
  return files;
}
