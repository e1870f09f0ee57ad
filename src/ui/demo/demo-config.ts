// The Demo page's choices and their place in the URL hash (`#/demo?task=ws&preset=nano&p=0.43…`), so a
// configured run can be shared as a link; and the RunConfig the pipeline gets from them.
import { PRESET_NAMES } from '../../engine';
import { LEVELS, TASK_IDS, type TaskId } from '../../tasks';
import { TOKENIZER_CHOICES } from '../../tokenizers';
import { DEFAULT_P, withConfigDefaults, type CriticKind, type RunConfig } from '../../tripost/config';
import type { LoraConfig } from '../../engine/lora';
import { demoRunConfig, PAPER_DEMO as PAPER_SETTINGS, QUICK_DEMO as QUICK_SETTINGS, type DemoSettings } from '../../tripost/demo';
import type { Backend } from '../../worker/protocol';
import { DEFAULT_LORA } from '../../engine/lora';

export const CRITICS: readonly CriticKind[] = ['scripted', 'llm', 'hybrid'];
export const BACKENDS: readonly Backend[] = ['webgpu', 'cpu'];

export const TASK_LABELS: Record<TaskId, string> = {
  msa: 'Multistep arithmetic',
  ws: 'Word sorting',
  du: 'Date understanding',
  ld: 'Logical deduction',
};

export const CRITIC_LABELS: Record<CriticKind, string> = {
  scripted: 'Scripted (offline)',
  llm: 'LLM (Settings → LLM endpoint)',
  hybrid: 'Hybrid (script finds, LLM checks)',
};

/** Everything the Demo form sets; the rest of the RunConfig comes from the size's counts. */
export interface DemoChoices extends DemoSettings {
  task: TaskId;
  critic: CriticKind;
  seed: number;
  backend: Backend;
  /** An imported checkpoint (store id) to start from instead of the preset; null: the seeded preset. */
  checkpoint: number | null;
  /** `ckptevery=N`: a training checkpoint every N steps instead of by time, as the CLI's --checkpoint-every; not on the form. */
  checkpointEvery: number | null;
  /** With an imported checkpoint: train LoRA adapters of this rank and alpha (on q_proj, v_proj) instead of every weight. */
  lora: boolean;
  loraRank: number;
  loraAlpha: number;
  /** With LoRA: keep the frozen weights' matrices and embeddings as f16 on the GPU (half their memory; shader-f16). */
  loraHalf: boolean;
}

/** A Demo size without the user's own choices: what the two buttons set. */
type DemoSize = Omit<DemoChoices, 'backend' | 'seed' | 'task' | 'critic' | 'checkpointEvery' | 'lora' | 'loraRank' | 'loraAlpha' | 'loraHalf'>;

/** From the shipped warm start at the quick level: a visible change in minutes. */
export const QUICK_DEMO: DemoSize = { ...QUICK_SETTINGS, checkpoint: null };

/** The reference code's numbers (DESIGN.md §5) on the tiny model, from scratch: tens of minutes on a good GPU. */
export const PAPER_DEMO: DemoSize = { ...PAPER_SETTINGS, checkpoint: null };

export function defaultChoices(backend: Backend): DemoChoices {
  return { ...QUICK_DEMO, task: 'msa', critic: 'scripted', seed: 1, backend, checkpointEvery: null, lora: false, loraRank: DEFAULT_LORA.rank, loraAlpha: DEFAULT_LORA.alpha, loraHalf: false };
}

const oneOf = <T extends string>(values: readonly T[], v: string | null, fallback: T): T => (values.includes(v as T) ? (v as T) : fallback);

function num(v: string | null, fallback: number, ok: (n: number) => boolean): number {
  const n = v === null || v.trim() === '' ? NaN : Number(v);
  return Number.isFinite(n) && ok(n) ? n : fallback;
}

const int = (lo: number, hi: number) => (n: number) => Number.isInteger(n) && n >= lo && n <= hi;

/** Reads the choices from the hash's query; anything missing or out of range keeps the default. */
export function choicesFromQuery(q: URLSearchParams, defaults: DemoChoices): DemoChoices {
  return {
    task: oneOf(TASK_IDS, q.get('task'), defaults.task),
    level: oneOf(LEVELS, q.get('level'), defaults.level),
    tokenizer: oneOf(TOKENIZER_CHOICES, q.get('tok'), defaults.tokenizer),
    warmStart: q.has('warm') ? q.get('warm') === '1' : defaults.warmStart,
    preset: oneOf(PRESET_NAMES, q.get('preset'), defaults.preset),
    critic: oneOf(CRITICS, q.get('critic'), defaults.critic),
    p: num(q.get('p'), defaults.p, (n) => n > 0 && n < 1),
    w: num(q.get('w'), defaults.w, (n) => n > 0 && n <= 10),
    iterations: num(q.get('t'), defaults.iterations, int(0, 10)),
    seed: num(q.get('seed'), defaults.seed, int(0, 2 ** 31 - 1)),
    backend: oneOf(BACKENDS, q.get('backend'), defaults.backend),
    baselines: q.has('baselines') ? q.get('baselines') === '1' : defaults.baselines,
    trainProblems: num(q.get('n'), defaults.trainProblems, int(1, 100_000)),
    evalProblems: num(q.get('eval'), defaults.evalProblems, int(1, 10_000)),
    epochs: num(q.get('epochs'), defaults.epochs, int(1, 100)),
    sftEpochs: num(q.get('sft'), defaults.sftEpochs, int(1, 100)),
    contextLength: num(q.get('ctx'), defaults.contextLength, int(64, 4096)),
    lr: num(q.get('lr'), defaults.lr, (n) => n > 0 && n <= 0.1),
    attemptWeight: num(q.get('aw'), defaults.attemptWeight, (n) => n >= 0 && n <= 10),
    firstIterationTemperature: num(q.get('temp1'), defaults.firstIterationTemperature, (n) => n >= 0 && n <= 2),
    laterTemperature: num(q.get('temp2'), defaults.laterTemperature, (n) => n >= 0 && n <= 2),
    checkpoint: q.has('ckpt') ? num(q.get('ckpt'), 0, int(1, 2 ** 31 - 1)) || null : defaults.checkpoint,
    checkpointEvery: q.has('ckptevery') ? num(q.get('ckptevery'), 0, int(1, 1_000_000)) || null : defaults.checkpointEvery,
    lora: q.has('lora') ? q.get('lora') === '1' : defaults.lora,
    loraRank: num(q.get('rank'), defaults.loraRank, int(1, 1024)),
    loraAlpha: num(q.get('alpha'), defaults.loraAlpha, (n) => n > 0 && n <= 4096),
    loraHalf: q.has('half') ? q.get('half') === '1' : defaults.loraHalf,
  };
}

export function choicesToQuery(c: DemoChoices): Record<string, string> {
  return {
    task: c.task, level: c.level, tok: c.tokenizer, warm: c.warmStart ? '1' : '0', preset: c.preset, critic: c.critic, p: String(c.p), w: String(c.w), t: String(c.iterations), seed: String(c.seed),
    backend: c.backend, baselines: c.baselines ? '1' : '0', n: String(c.trainProblems), eval: String(c.evalProblems),
    epochs: String(c.epochs), sft: String(c.sftEpochs), ctx: String(c.contextLength),
    lr: String(c.lr), aw: String(c.attemptWeight), temp1: String(c.firstIterationTemperature), temp2: String(c.laterTemperature),
    ...(c.checkpoint !== null && { ckpt: String(c.checkpoint) }),
    ...(c.checkpointEvery !== null && { ckptevery: String(c.checkpointEvery) }),
    ...(c.lora && { lora: '1', rank: String(c.loraRank), alpha: String(c.loraAlpha), ...(c.loraHalf && { half: '1' }) }),
  };
}

/** The LoRA the choices ask for, or null: full fine-tuning (also whenever the run starts from no imported checkpoint). */
export function loraOf(c: DemoChoices): LoraConfig | null {
  return c.lora && c.checkpoint !== null ? { ...DEFAULT_LORA, rank: c.loraRank, alpha: c.loraAlpha } : null;
}

/** The pipeline's config: the reference defaults with the choices on top, sized to the model's context. */
export function runConfigOf(c: DemoChoices): RunConfig {
  return demoRunConfig({ ...c, lora: loraOf(c), halfBase: c.loraHalf });
}

/** The form's choices that made a stored run (to show an unfinished run's settings before resuming it). */
export function choicesOfConfig(stored: RunConfig, backend: Backend, baselines: boolean): DemoChoices {
  const c = withConfigDefaults(stored);
  return {
    task: c.task, level: c.level, tokenizer: c.tokenizer, warmStart: c.warmStart, preset: c.preset, critic: c.critic, p: c.p ?? DEFAULT_P, w: c.w, iterations: c.iterations, seed: c.seed, backend, baselines,
    trainProblems: c.trainProblems, evalProblems: c.evalProblems, epochs: c.epochs, sftEpochs: c.sftEpochs, contextLength: c.contextLength,
    lr: c.lr, attemptWeight: c.attemptWeight, firstIterationTemperature: c.firstIterationTemperature, laterTemperature: c.laterTemperature,
    checkpoint: c.initialCheckpoint ?? null,
    checkpointEvery: null,
    lora: Boolean(c.lora), loraRank: c.lora?.rank ?? DEFAULT_LORA.rank, loraAlpha: c.lora?.alpha ?? DEFAULT_LORA.alpha, loraHalf: c.halfBase === true,
  };
}

/** The run ids a Demo URL names (`run=5,6,7`: TriPosT first, then its baselines). */
export function runIdsOf(q: URLSearchParams): number[] {
  return (q.get('run') ?? '').split(',').filter((s) => /^\d+$/.test(s)).map(Number);
}
