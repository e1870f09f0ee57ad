// Flags of `npm run experiment`: generated from DEFAULT_CONFIG, parsed with clear errors.
import { describe, expect, it } from 'vitest';
import { CONFIG_FLAGS, kebab, parseExperimentArgs, usage, UsageError, type ExperimentOptions } from '../../../src/cli/experiment-args';
import { DEFAULT_CONFIG, type RunConfig } from '../../../src/tripost/config';
import { demoRunConfig, PAPER_DEMO, QUICK_DEMO } from '../../../src/tripost/demo';

const parse = (...argv: string[]) => parseExperimentArgs(argv, { OPENAI_API_KEY: 'sk-test-key' }) as ExperimentOptions;
const refusal = (...argv: string[]) => {
  try {
    parseExperimentArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
};

describe('experiment flags', () => {
  it('has one kebab-case flag per config field but the stored initial checkpoint', () => {
    expect([...CONFIG_FLAGS.values()].sort()).toEqual(Object.keys(DEFAULT_CONFIG).filter((k) => k !== 'initialCheckpoint').sort());
    for (const flag of ['train-problems', 'context-length', 'p', 'w', 'first-iteration-temperature', 'min-train-examples']) expect(CONFIG_FLAGS.has(flag), flag).toBe(true);
    expect(kebab('maxEditRounds')).toBe('max-edit-rounds');
    for (const flag of CONFIG_FLAGS.keys()) expect(usage()).toContain(`--${flag} `);
  });

  it('reads the issue\'s command line', () => {
    const o = parse('--task', 'msa', '--preset', 'nano', '--iterations', '2', '--backend', 'cpu', '--seed', '1');
    expect(o.config).toEqual({ ...DEFAULT_CONFIG, task: 'msa', preset: 'nano', iterations: 2, seed: 1 });
    expect(o).toMatchObject({ backend: 'cpu', json: false, baselines: false, out: undefined, llm: undefined });
  });

  it('sets every field from its flag, in both --flag value and --flag=value forms', () => {
    const changed: Partial<RunConfig> = { task: 'ws', method: 'ft-si-demo', preset: 'tiny', critic: 'scripted', p: 0.6, w: 2, epochs: 2, lr: 0.0005, warmup: 0.1 };
    const argv = Object.entries(changed).flatMap(([k, v], i) => (i % 2 ? [`--${kebab(k)}=${v}`] : [`--${kebab(k)}`, String(v)]));
    expect(parse(...argv).config).toEqual({ ...DEFAULT_CONFIG, ...changed });
    expect(parse('--p', 'none').config.p).toBeNull();
    expect(parse('--json', '--baselines', '--out', 'run.zip', '--backend=webgpu')).toMatchObject({ json: true, baselines: true, out: 'run.zip', backend: 'webgpu' });
  });

  it('takes the LLM endpoint from flags and the key from OPENAI_API_KEY', () => {
    const o = parse('--critic', 'hybrid', '--llm-base-url', 'http://localhost:11434/v1', '--llm-model', 'qwen');
    expect(o.llm).toEqual({ baseURL: 'http://localhost:11434/v1', model: 'qwen', apiKey: 'sk-test-key' });
    expect(refusal('--critic', 'llm')).toMatch(/--critic llm needs --llm-base-url and --llm-model/);
  });

  it('refuses unknown flags and bad values with a clear message', () => {
    expect(refusal('--epoch', '2')).toBe('unknown flag --epoch');
    expect(refusal('--epochs', 'two')).toBe("--epochs: expected a number; got 'two'");
    expect(refusal('--p', 'half')).toBe("--p: expected a number or 'none'; got 'half'");
    expect(refusal('--task', 'chess')).toBe("--task: expected one of msa, ws, du, ld; got 'chess'");
    expect(refusal('--backend', 'tpu')).toMatch(/--backend: expected cpu or webgpu/);
    expect(refusal('--seed')).toBe('--seed needs a value');
    expect(refusal('msa')).toMatch(/unexpected argument 'msa'/);
    expect(refusal('--json=yes')).toBe('--json takes no value');
    expect(refusal('--p', '2')).toMatch(/^--p must be between 0 and 1/);
    expect(refusal('--epochs', '1.5')).toMatch(/^--epochs must be a positive integer/);
    expect(parseExperimentArgs(['--seed', '4', '--help'])).toBe('help');
  });

  it('--demo sets the Demo page\'s settings first, whatever its place; later flags change them', () => {
    const quick = parse('--task', 'ws', '--demo', 'quick', '--seed', '4');
    expect(quick.config).toEqual(demoRunConfig({ ...QUICK_DEMO, task: 'ws', critic: 'scripted', seed: 4, checkpoint: null }));
    expect(quick.config).toMatchObject({ level: 'quick', preset: 'micro', tokenizer: 'task', warmStart: true, evalProblems: 100 });
    expect(quick.baselines).toBe(false);
    const paper = parse('--demo', 'paper', '--iterations', '1');
    expect(paper.config).toMatchObject({ level: 'paper', preset: 'tiny', warmStart: false, iterations: 1 });
    expect(paper.baselines).toBe(PAPER_DEMO.baselines);
    expect(parse('--demo', 'quick', '--warm-start', 'no').config.warmStart).toBe(false);
    expect(refusal('--demo', 'huge')).toMatch(/--demo: expected one of quick, paper; got 'huge'/);
  });

  it('--resume takes the config from the bundle, refuses config flags beside it, and writes back to it by default', () => {
    const stored: RunConfig = { ...DEFAULT_CONFIG, task: 'ws', seed: 9 };
    const resume = (...argv: string[]) => parseExperimentArgs(argv, {}, () => stored) as ExperimentOptions;
    expect(resume('--resume', 'a.zip', '--backend', 'webgpu')).toMatchObject({ config: stored, resume: 'a.zip', out: 'a.zip', backend: 'webgpu' });
    expect(resume('--resume', 'a.zip', '--out', 'b.zip', '--json', '--baselines')).toMatchObject({ resume: 'a.zip', out: 'b.zip', json: true, baselines: true });
    const refused = (...argv: string[]) => expect(() => parseExperimentArgs(argv, {}, () => stored)).toThrow(UsageError);
    refused('--resume', 'a.zip', '--seed', '4');
    refused('--demo', 'quick', '--resume', 'a.zip');
    expect(() => resume('--resume', 'a.zip', '--seed', '4')).toThrow('--seed cannot be used with --resume: a resumed run keeps the config stored in its bundle');
    expect(() => parseExperimentArgs(['--resume', '/nonexistent/run.zip'])).toThrow(/^--resume \/nonexistent\/run.zip: ENOENT/);
    expect(usage()).toMatch(/--resume FILE.zip/);
  });

  it('--checkpoint-every and --events (what npm run chaos drives it with) go beside --resume; a bad count is refused', () => {
    const resumed = parseExperimentArgs(['--resume', 'a.zip', '--checkpoint-every', '2', '--events'], {}, () => DEFAULT_CONFIG) as ExperimentOptions;
    expect(resumed).toMatchObject({ checkpointEvery: 2, events: true });
    expect(parse('--task', 'ws')).toMatchObject({ events: false });
    expect(parse('--task', 'ws').checkpointEvery).toBeUndefined();
    expect(refusal('--checkpoint-every', '0')).toBe("--checkpoint-every: expected a whole number of at least 1; got '0'");
    expect(refusal('--checkpoint-every', '1.5')).toMatch(/^--checkpoint-every: expected a whole number/);
  });

  it('reads the level, the tokenizer and the warm start, and refuses other words', () => {
    expect(parse('--level', 'easy', '--tokenizer', 'task-digits', '--warm-start', 'yes').config).toMatchObject({ level: 'easy', tokenizer: 'task-digits', warmStart: true });
    expect(refusal('--level', 'hard')).toMatch(/--level: expected one of easy, quick, paper/);
    expect(refusal('--tokenizer', 'bpe')).toMatch(/--tokenizer: expected one of task, task-digits, char/);
    expect(refusal('--warm-start', 'maybe')).toMatch(/--warm-start: expected yes or no; got 'maybe'/);
    expect(usage()).toMatch(/--warm-start yes\|no/);
  });
});
