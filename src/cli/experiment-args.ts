// Flags of `npm run experiment`: one per RunConfig field, generated from DEFAULT_CONFIG's keys in kebab-case,
// plus the backend, the LLM endpoint, what to print or write, and the bundle to resume from.
import { PRESET_NAMES } from '../engine';
import { LEVELS, TASK_IDS } from '../tasks';
import { TOKENIZER_CHOICES } from '../tokenizers';
import { DEMO_NAMES, DEMOS, demoRunConfig, type DemoName } from '../tripost/demo';
import { DEFAULT_CONFIG, validateRunConfig, type CriticKind, type Method, type RunConfig } from '../tripost/config';
import type { LlmEndpoint } from '../tripost/critic';
import { hfFolderProblem } from './hf-folder';
import { bundleConfig } from './run-bundle-file';
import { LORA_CONFIG_FLAGS, LORA_FLAGS, loraFromFlags } from './lora-flags';
import { positiveInteger, UsageError } from './usage-error';

export type Backend = 'cpu' | 'webgpu';

export interface ExperimentOptions {
  config: RunConfig;
  backend: Backend;
  /** Set for the llm and hybrid critics; the key comes from OPENAI_API_KEY. */
  llm?: LlmEndpoint;
  json: boolean;
  baselines: boolean;
  /** Where the run bundle (zip) goes, rewritten at every resume point; baselines' bundles go beside it. */
  out?: string;
  /** The bundle a killed experiment left: its run (config included) goes on; baselines' bundles beside it too. */
  resume?: string;
  /** A training checkpoint every this many steps (an evaluation's resume point every this many batches) instead of by time. */
  checkpointEvery?: number;
  /** Every pipeline event as one JSON line on stderr, for a script that watches the run (npm run chaos). */
  events?: boolean;
  /** A Hugging Face model folder the run starts from (imported into the store as its initialCheckpoint). */
  initHf?: string;
  /** Where the runs' data go in the authors' JSONL layout once they end (README: Scaling out). */
  exportAuthors?: string;
  /** Where each LoRA run's adapters go as a PEFT folder once the runs end. */
  exportPeft?: string;
}

export { UsageError };

// Records keyed by the union make the compiler insist every method and critic is listed.
const METHODS: Record<Method, true> = { tripost: true, 'ft-rationale': true, 'ft-si-demo': true, 'tripost-no-rebalance': true };
const CRITICS: Record<CriticKind, true> = { scripted: true, llm: true, hybrid: true };

/** The allowed words of each string-valued config field. */
const CHOICES: Partial<Record<keyof RunConfig, readonly string[]>> = {
  task: TASK_IDS,
  level: LEVELS,
  tokenizer: TOKENIZER_CHOICES,
  method: Object.keys(METHODS),
  preset: PRESET_NAMES,
  critic: Object.keys(CRITICS),
};

/** Config fields that may be unset (`none`): p unset means no rebalancing. */
const NULLABLE: ReadonlySet<keyof RunConfig> = new Set<keyof RunConfig>(['p']);

const OTHER_FLAGS = {
  demo: { value: DEMO_NAMES.join('|'), help: "the Demo page's settings of that name (quick: from the shipped warm start); other flags after it change them" },
  backend: { value: 'cpu|webgpu', help: 'where the model runs (webgpu: Dawn on the machine\'s Vulkan driver)' },
  'llm-base-url': { value: 'URL', help: 'OpenAI-compatible endpoint for --critic llm|hybrid (key from OPENAI_API_KEY)' },
  'llm-model': { value: 'NAME', help: 'model name at that endpoint' },
  out: { value: 'FILE.zip', help: 'write the run bundle, rewritten (atomically) after every stage and training checkpoint; baselines go to FILE.<method>.zip' },
  resume: { value: 'FILE.zip', help: 'continue the experiment a stopped or killed command left in FILE.zip (see Resume below)' },
  'export-authors': { value: 'DIR', help: "when the runs end, write their data as the authors' code reads it: a training set and an editor log (JSONL) per iteration, the problems, a manifest; baselines in DIR/<method>/" },
  'init-hf': { value: 'DIR', help: 'start from a Hugging Face Llama folder (config.json, model.safetensors, tokenizer.json): its model and tokenizer replace --preset, --tokenizer and the warm start' },
  ...LORA_FLAGS,
  'checkpoint-every': { value: 'N', help: 'a training checkpoint (and bundle) every N steps, an evaluation\'s every N batches, instead of by time' },
  events: { value: null, help: 'print every pipeline event as one JSON line on stderr (for scripts watching the run)' },
  json: { value: null, help: 'print one JSON object last on stdout' },
  baselines: { value: null, help: 'also run ft-rationale, ft-si-demo and tripost-no-rebalance' },
  help: { value: null, help: 'show this help' },
} as const;

export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Fields with no flag: the command line's store lives in memory, so it holds no checkpoint to start from. */
const NOT_FLAGS: ReadonlySet<keyof RunConfig> = new Set<keyof RunConfig>(['initialCheckpoint']);

/** Flag name → config key, for every other field of DEFAULT_CONFIG. */
export const CONFIG_FLAGS: ReadonlyMap<string, keyof RunConfig> = new Map(
  (Object.keys(DEFAULT_CONFIG) as (keyof RunConfig)[]).filter((key) => !NOT_FLAGS.has(key)).map((key) => [kebab(key), key]),
);

function configValue(key: keyof RunConfig, flag: string, raw: string): RunConfig[keyof RunConfig] {
  if (NULLABLE.has(key) && (raw === 'none' || raw === 'null')) return null;
  if (typeof DEFAULT_CONFIG[key] === 'boolean') {
    if (['yes', 'true', '1'].includes(raw)) return true;
    if (['no', 'false', '0'].includes(raw)) return false;
    throw new UsageError(`--${flag}: expected yes or no; got '${raw}'`);
  }
  const choices = CHOICES[key];
  if (choices) {
    if (!choices.includes(raw)) throw new UsageError(`--${flag}: expected one of ${choices.join(', ')}; got '${raw}'`);
    return raw as RunConfig[keyof RunConfig];
  }
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) {
    throw new UsageError(`--${flag}: expected a number${NULLABLE.has(key) ? " or 'none'" : ''}; got '${raw}'`);
  }
  return n;
}

/** Splits `--flag value` and `--flag=value`; boolean flags take no value. */
function* flagPairs(argv: string[]): Generator<[string, string | null]> {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}' (flags start with --)`);
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const boolean = flag in OTHER_FLAGS && OTHER_FLAGS[flag as keyof typeof OTHER_FLAGS].value === null;
    if (boolean) {
      if (eq >= 0) throw new UsageError(`--${flag} takes no value`);
      yield [flag, null];
    } else if (eq >= 0) {
      yield [flag, arg.slice(eq + 1)];
    } else {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`--${flag} needs a value`);
      yield [flag, value];
    }
  }
}

/** The options, or 'help'; throws UsageError on unknown flags and bad values. `readConfig` reads a bundle's run config. */
export function parseExperimentArgs(argv: string[], env: Record<string, string | undefined> = {}, readConfig: (path: string) => RunConfig = bundleConfig): ExperimentOptions | 'help' {
  let config: RunConfig = { ...DEFAULT_CONFIG };
  const opts = { backend: 'cpu' as Backend, json: false, events: false, baselines: false, out: undefined as string | undefined, resume: undefined as string | undefined, baseURL: '', model: '', checkpointEvery: undefined as number | undefined, initHf: undefined as string | undefined, exportAuthors: undefined as string | undefined, exportPeft: undefined as string | undefined };
  const pairs = [...flagPairs(argv)];
  // A Demo's settings come first, whatever their place: the other flags change them.
  const demo = pairs.find(([flag]) => flag === 'demo')?.[1];
  if (demo !== undefined) {
    if (!DEMO_NAMES.includes(demo as DemoName)) throw new UsageError(`--demo: expected one of ${DEMO_NAMES.join(', ')}; got '${demo}'`);
    const settings = DEMOS[demo as DemoName];
    config = demoRunConfig({ ...settings, task: config.task, critic: config.critic, seed: config.seed, checkpoint: null });
    opts.baselines = settings.baselines;
  }
  for (const [flag, value] of pairs) {
    if (flag === 'demo') continue;
    const key = CONFIG_FLAGS.get(flag);
    if (key) (config as unknown as Record<string, unknown>)[key] = configValue(key, flag, value as string);
    else if (flag === 'help') return 'help';
    else if (flag === 'json') opts.json = true;
    else if (flag === 'events') opts.events = true;
    else if (flag === 'checkpoint-every') opts.checkpointEvery = positiveInteger(flag, value as string);
    else if (flag === 'baselines') opts.baselines = true;
    else if (flag === 'out') opts.out = value as string;
    else if (flag === 'resume') opts.resume = value as string;
    else if (flag === 'init-hf') opts.initHf = value as string;
    else if (flag === 'export-authors') opts.exportAuthors = value as string;
    else if (flag === 'export-peft') opts.exportPeft = value as string;
    else if (LORA_CONFIG_FLAGS.has(flag)) continue; // read together below: each depends on the others and on --init-hf
    else if (flag === 'llm-base-url') opts.baseURL = value as string;
    else if (flag === 'llm-model') opts.model = value as string;
    else if (flag === 'backend') {
      if (value !== 'cpu' && value !== 'webgpu') throw new UsageError(`--backend: expected cpu or webgpu; got '${value}'`);
      opts.backend = value;
    } else throw new UsageError(`unknown flag --${flag}`);
  }
  if (opts.resume !== undefined) config = resumedConfig(opts.resume, pairs, readConfig);
  config = startingModelConfig(config, opts.initHf, pairs, opts.resume);
  const flags = loraFromFlags(pairs, opts.initHf);
  if (flags) config = { ...config, lora: flags.lora, ...(flags.halfBase && { halfBase: true }) };
  if (opts.exportPeft !== undefined && !config.lora) {
    throw new UsageError(`--export-peft needs a LoRA run (--lora-rank N with --init-hf DIR): full fine-tuning trains no adapters to export; its weights are in the run bundle (--out)`);
  }
  try {
    validateRunConfig(config);
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^Run config: (\w+)/, (_, k: string) => `--${kebab(k)}`));
  }
  let llm: LlmEndpoint | undefined;
  if (config.critic !== 'scripted') {
    if (!opts.baseURL || !opts.model) throw new UsageError(`--critic ${config.critic} needs --llm-base-url and --llm-model`);
    llm = { baseURL: opts.baseURL, model: opts.model, apiKey: env.OPENAI_API_KEY ?? '' };
  }
  const { json, events, baselines, checkpointEvery, initHf, exportAuthors, exportPeft } = opts;
  return {
    config, backend: opts.backend, llm, json, events, baselines, out: opts.out ?? opts.resume, resume: opts.resume,
    ...(checkpointEvery !== undefined && { checkpointEvery }), ...(initHf !== undefined && { initHf }), ...(exportAuthors !== undefined && { exportAuthors }), ...(exportPeft !== undefined && { exportPeft }),
  };
}

/**
 * With --init-hf the folder's model and tokenizer are the run's: a checked folder, no preset, tokenizer or warm start
 * named beside it (a Demo's warm start gives way). A resumed run from a folder needs the folder again (the bundle holds
 * the run's checkpoints, not the imported model).
 */
function startingModelConfig(config: RunConfig, dir: string | undefined, pairs: [string, string | null][], resume: string | undefined): RunConfig {
  const fromFolder = config.initialCheckpoint !== null && config.initialCheckpoint !== undefined;
  if (dir === undefined) {
    if (resume !== undefined && fromFolder) throw new UsageError(`--resume ${resume}: this run started from a Hugging Face model folder; give it again with --init-hf DIR`);
    return config;
  }
  const problem = hfFolderProblem(dir);
  if (problem) throw new UsageError(`--init-hf ${dir}: ${problem}`);
  if (resume !== undefined) {
    if (!fromFolder) throw new UsageError(`--init-hf cannot be used with --resume ${resume}: that run did not start from a Hugging Face model folder`);
    return config;
  }
  const clash = pairs.find(([flag, value]) => flag === 'preset' || flag === 'tokenizer' || (flag === 'warm-start' && configValue('warmStart', flag, value as string) === true));
  if (clash) throw new UsageError(`--${clash[0]} cannot be used with --init-hf: the model and its tokenizer come from the folder`);
  return { ...config, warmStart: false };
}

/** A resumed run's config is the one in its bundle: a config flag would change a run half-way, so it is refused. */
function resumedConfig(path: string, pairs: [string, string | null][], readConfig: (path: string) => RunConfig): RunConfig {
  const changed = pairs.find(([flag]) => flag === 'demo' || CONFIG_FLAGS.has(flag) || LORA_CONFIG_FLAGS.has(flag));
  if (changed) throw new UsageError(`--${changed[0]} cannot be used with --resume: a resumed run keeps the config stored in its bundle`);
  try {
    return readConfig(path);
  } catch (e) {
    throw new UsageError(`--resume ${path}: ${(e as Error).message}`);
  }
}

export function usage(): string {
  const width = 26;
  const line = (flag: string, help: string) => `  ${flag.padEnd(width)} ${help}`;
  const configLines = [...CONFIG_FLAGS].map(([flag, key]) => {
    const choices = CHOICES[key];
    const value = choices ? choices.join('|') : NULLABLE.has(key) ? 'N|none' : typeof DEFAULT_CONFIG[key] === 'boolean' ? 'yes|no' : 'N';
    return line(`--${flag} ${value}`.slice(0, 60), `default ${JSON.stringify(DEFAULT_CONFIG[key])}`);
  });
  const otherLines = Object.entries(OTHER_FLAGS).map(([flag, f]) => line(f.value ? `--${flag} ${f.value}` : `--${flag}`, f.help));
  return [
    'usage: npm run experiment -- --task msa --preset nano --iterations 2 --backend cpu --seed 1 [flags]',
    '',
    'Run config (DESIGN.md §5):',
    ...configLines,
    '',
    'Other:',
    ...otherLines,
    '',
    'Resume: with --out FILE.zip, the bundle is rewritten after every stage and every training checkpoint (one',
    'every 10 s or more, so that writing them costs under 5 % of the training time; Ctrl-C takes one too). Then',
    '  npm run experiment -- --resume FILE.zip [--backend B] [--json] [--baselines] [--out OTHER.zip]',
    'goes on where a killed or stopped command left off, to the same result as a run never stopped (bit for bit on',
    'cpu). The config comes from the bundle: config flags and --demo are refused. It keeps writing FILE.zip unless',
    '--out names another file. Baselines run if --baselines is given or a FILE.<method>.zip lies beside: each',
    'resumes from its file, or starts afresh.',
    '',
  ].join('\n');
}
