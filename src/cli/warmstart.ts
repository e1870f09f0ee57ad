// `npm run warmstart -- --task msa`: builds a shipped warm start (the initial model fine-tuned on gold rationales) in
// pieces: the state (weights, AdamW, curve) is written atomically every --save-every steps and a rerun resumes it.
import { parseArgs } from 'node:util';
import { PRESET_NAMES, presetConfig, type PresetName } from '../engine';
import { isLevel, TASK_IDS, type TaskId } from '../tasks';
import { TOKENIZER_CHOICES, type TokenizerChoice } from '../tokenizers';
import { DEFAULT_WARM_START } from '../tripost/warmstart';
import { buildWarmStart, type WarmStartJob } from './warmstart-job';

const USAGE = `usage: npm run warmstart -- --task msa|ws|du|ld [flags]
  --level easy|quick|paper     problem sizes (default quick)
  --preset ${PRESET_NAMES.join('|')}        model shape (default micro)
  --tokenizer ${TOKENIZER_CHOICES.join('|')}  (default task)
  --steps N                    optimizer steps in all (default 3000)
  --batch N --lr X --data-seed N --seed N   (defaults ${DEFAULT_WARM_START.batchSize}, ${DEFAULT_WARM_START.lr}, ${DEFAULT_WARM_START.dataSeed}, 1)
  --backend webgpu|cpu         (default webgpu: Dawn on the machine's Vulkan driver)
  --minutes M                  stop (resumable) after about M minutes of training
  --until N                    stop (resumable) at step N
  --feedback-from N            from step N on, gold rationales end with the critic's "correct" feedback
                               (as the iterations' gold examples do); may be set later for steps not yet trained
  --improve-from N --improve-share Q   from step N on, a share Q of the rows are self-improvement demonstrations:
                               one injected mistake, the scripted critic's feedback and improvement (not the paper's)
  --own-from N --own-share Q   from step N on, a share Q of the rows are the model's own greedy attempts at fresh
                               problems with the scripted critic's verdict, feedback and improvement (not the paper's)
  --own-balance-from N --own-keep-correct Q   from step N on, the "correct" verdict of only a share Q of the right own
                               attempts is trained (the rest train the attempt alone): an even verdict prior when the
                               model is mostly right, as TriPosT's rebalancing gives the iterations
  --eval-every N               greedy accuracy on 100 held-out seen problems every N steps (default 500)
  --save-every N               write the resumable state every N steps (default 100)
  --state DIR                  where the resumable state lives (default warmstart/)
  --out DIR                    where the finished checkpoint and manifest go (default public/checkpoints/)
`;

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n${USAGE}`);
  process.exit(2);
}

function int(v: string | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a whole number (got ${v})`);
  return n;
}

function share(v: string | undefined, name: string): number {
  const q = Number(v ?? 0.5);
  if (!(q >= 0 && q <= 1)) fail(`--${name} must be between 0 and 1 (got ${v})`);
  return q;
}

function parse(argv: string[]): WarmStartJob {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(
      ['task', 'level', 'preset', 'tokenizer', 'steps', 'batch', 'lr', 'data-seed', 'seed', 'backend', 'minutes', 'until', 'eval-every', 'save-every', 'state', 'out', 'feedback-from', 'improve-from', 'improve-share', 'own-from', 'own-share', 'own-balance-from', 'own-keep-correct'].map((k) => [k, { type: 'string' as const }]),
    ),
    strict: true,
  });
  const task = values.task as TaskId;
  if (!TASK_IDS.includes(task)) fail(`--task must be one of ${TASK_IDS.join(', ')}`);
  const level = values.level ?? 'quick';
  if (!isLevel(level)) fail(`--level must be easy, quick or paper (got ${level})`);
  const preset = (values.preset ?? 'micro') as PresetName;
  if (!PRESET_NAMES.includes(preset)) fail(`--preset must be one of ${PRESET_NAMES.join(', ')}`);
  const tokenizer = (values.tokenizer ?? 'task') as TokenizerChoice;
  if (!TOKENIZER_CHOICES.includes(tokenizer)) fail(`--tokenizer must be one of ${TOKENIZER_CHOICES.join(', ')}`);
  const backend = values.backend ?? 'webgpu';
  if (backend !== 'webgpu' && backend !== 'cpu') fail('--backend must be webgpu or cpu');
  const lr = values.lr === undefined ? DEFAULT_WARM_START.lr : Number(values.lr);
  if (!(lr > 0)) fail(`--lr must be a positive number (got ${values.lr})`);
  const minutes = values.minutes === undefined ? Infinity : Number(values.minutes);
  if (!(minutes > 0)) fail(`--minutes must be positive (got ${values.minutes})`);
  return {
    settings: {
      ...DEFAULT_WARM_START,
      task,
      level,
      steps: int(values.steps, 'steps', 3000),
      batchSize: int(values.batch, 'batch', DEFAULT_WARM_START.batchSize),
      lr,
      dataSeed: int(values['data-seed'], 'data-seed', DEFAULT_WARM_START.dataSeed),
      ...(values['feedback-from'] !== undefined && { feedbackFrom: int(values['feedback-from'], 'feedback-from', 0) }),
      ...(values['improve-from'] !== undefined && { improveFrom: int(values['improve-from'], 'improve-from', 0), improveShare: share(values['improve-share'], 'improve-share') }),
      ...(values['own-from'] !== undefined && { ownFrom: int(values['own-from'], 'own-from', 0), ownShare: share(values['own-share'], 'own-share') }),
      ...(values['own-balance-from'] !== undefined && { ownBalanceFrom: int(values['own-balance-from'], 'own-balance-from', 0), ownKeepCorrect: share(values['own-keep-correct'], 'own-keep-correct') }),
    },
    preset,
    tokenizer,
    seed: int(values.seed, 'seed', 1),
    backend,
    minutes,
    untilStep: values.until === undefined ? undefined : int(values.until, 'until', 0),
    evalEvery: int(values['eval-every'], 'eval-every', 500),
    saveEvery: int(values['save-every'], 'save-every', 100),
    stateDir: values.state ?? 'warmstart',
    outDir: values.out ?? 'public/checkpoints',
    modelOf: (vocab: number) => presetConfig(preset, vocab, { maxSeqLen: DEFAULT_WARM_START.contextLength }),
  };
}

if (process.argv.includes('--help')) {
  process.stdout.write(USAGE);
} else {
  let job: WarmStartJob;
  try {
    job = parse(process.argv.slice(2));
  } catch (e) {
    fail((e as Error).message);
  }
  const result = await buildWarmStart(job, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
