// The Learn page's one problem, walked through TriPosT's steps on this page's main thread. The model is the task's
// shipped warm start (the paper's "ft rationale" starting point) where this build has one, else an untrained preset
// (nano or tiny) that a few seconds of fine-tuning can teach the format. It attempts the problem; the scripted critic
// judges the attempt; the later steps use the model's own mistake when it made one, else the gold answer with one
// injected mistake; one weighted step trains on the result.
import { createEngine, presetConfig, taskTokenizer, type Engine, type PresetName, type Tokenizer } from '../../engine';
import { attemptPrompt, generateProblem, mixSeed, mulberry32, injectError, scriptedFeedback, scriptedImprove, type Feedback, type Level, type Problem, type TaskId } from '../../tasks';
import { makeBatch, tokenizeExample } from '../../tripost/batches';
import { eosStop, findStop, TextStops } from '../../tokenizers/stops';
import { storedTurn } from '../../tripost/edit';
import { rationaleExample, splitTrajectory, type Example } from '../../tripost/postprocess';
import { trainOn } from '../../tripost/train';
import { ATTEMPT_STOPS } from '../../tripost/attempts';
import type { WarmStartEntry } from '../../tripost/warmstart-manifest';
import type { Problem as StoredProblem, Turn } from '../../store';
import { DEFAULT_P } from '../../tripost/config';
import { describeError, type ErrorText } from '../errors';
import { warmStarts as sharedWarmStarts, type WarmStarts } from '../demo/warm-starts.svelte';
import { sampleBatch, type SampleBatch } from './sample-batch';
import { describePath, type AttemptPath } from './attempt-path';
import { moveEngine, warmStartModel } from './learn-model';
export { describePath, type AttemptPath } from './attempt-path';

export type LearnBackend = 'cpu' | 'webgpu';

/** Tokens per generate call: between calls the page repaints, so the attempt visibly streams on any backend. */
const CHUNK = 24;
const CONTEXT = 1024;
/** The level of the shipped warm starts; without one the page keeps the paper's problem sizes. */
const WARM_LEVEL: Level = 'quick';
const WARMUP_SECONDS = 5;
/** The learning rate of the page's one AdamW step: the warm starts' last, so a first step (fresh moments) lowers their loss. */
export const STEP_LR = 3e-4;
const HYPER = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.01, gradClip: 1 };

const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The model text as the later steps read it: no leading newline, nothing from a stop string on. */
function cleanAttempt(text: string): string {
  const cut = findStop('', text, ATTEMPT_STOPS);
  return (cut < 0 ? text : text.slice(0, cut)).replace(/^\n/, '');
}

export class LearnSession {
  /** The shipped warm starts' manifest (the page's shared one unless a test passes its own). */
  readonly warmStarts: WarmStarts = sharedWarmStarts;
  task = $state<TaskId>('msa');
  index = $state(0);
  /** The untrained preset, used where the task has no warm start or the teacher picks it. */
  preset = $state<PresetName>('nano');
  /** Start from the task's shipped warm start when there is one. */
  wantWarm = $state(true);
  backend = $state<LearnBackend>('cpu');
  /** 0: greedy (how the warm starts' accuracy is measured); 1: sampled (how TriPosT's first iteration makes attempts). */
  temperature = $state(0);
  /** The teacher's choice for the later steps; null follows the critic's verdict on the model's attempt. */
  injectedChoice = $state<boolean | null>(null);

  modelAttempt = $state('');
  generating = $state(false);
  generated = $state(false);
  /** The model is being built (a warm start fetched and read). */
  loadingModel = $state(false);
  warming = $state(false);
  warmupSteps = $state(0);
  warmupLoss = $state<number | null>(null);
  /** Optimizer steps this page took on the current model (warm-up and single steps). */
  stepsOnPage = $state(0);
  /** Said once the page's trained weights moved to another backend. */
  carried = $state<string | null>(null);
  training = $state(false);
  lossBefore = $state<number | null>(null);
  lossAfter = $state<number | null>(null);
  error = $state<ErrorText | null>(null);
  /** A warm start that failed to load, and why; the page then keeps the untrained preset for that task. */
  warmFailure = $state<{ name: string; message: string } | null>(null);
  /** Post-processing: the proportion of improvement examples (null: no rebalancing) and the sample batch. */
  p = $state<number | null>(Math.round(DEFAULT_P * 100) / 100);
  batch = $state.raw<SampleBatch | null>(null);
  /** The loss weight on feedback and improvement tokens. */
  w = $state(1.5);

  readonly #charTokenizer = taskTokenizer();
  #tokenizer: Tokenizer = this.#charTokenizer;
  #engine: Engine | null = null;
  /** What the engine is (`warm:msa-quick`, `scratch:nano`), and on which backend. */
  #engineKey = '';
  #engineBackend: LearnBackend = 'cpu';
  /** Model builds run one at a time (page load, a task change and a click may ask together). */
  #lock: Promise<unknown> = Promise.resolve();

  constructor(warmStarts?: WarmStarts) {
    if (warmStarts) this.warmStarts = warmStarts;
  }

  /** The manifest has been read (or found missing): until then the page does not know which model or level it shows. */
  readonly ready = $derived(this.warmStarts.loaded);
  /** The task's shipped warm start, when this build has one. */
  readonly warmEntry: WarmStartEntry | null = $derived(this.warmStarts.entry(this.task, WARM_LEVEL));
  /** The model is the warm start (else the untrained preset). */
  readonly fromWarm = $derived(this.wantWarm && this.warmEntry !== null && this.warmFailure?.name !== this.warmEntry.name);
  readonly level: Level = $derived(this.fromWarm && this.warmEntry ? this.warmEntry.level : 'paper');
  /** The model's tokenizer kind (the preset uses characters). */
  readonly tokenizerKind = $derived(this.fromWarm && this.warmEntry ? this.warmEntry.tokenizer : 'char');

  readonly problem: Problem = $derived(generateProblem(this.task, 'seen', 7, this.index, this.level));
  readonly injected = $derived(injectError(this.problem, mulberry32(mixSeed(7, this.index))));
  /** The scripted critic's verdict on the model's own attempt; null before it attempts. */
  readonly modelFeedback: Feedback | null = $derived(this.generated ? scriptedFeedback(this.problem, this.modelAttempt) : null);
  /** What the page picks by itself: the model's attempt when it has a located mistake, else the injected one. */
  readonly autoInjected = $derived(this.modelFeedback?.kind !== 'error');
  readonly attempt = $derived(this.useInjected ? this.injected.attempt : this.modelAttempt);
  readonly path: AttemptPath = $derived.by(() => {
    const fb = this.modelFeedback;
    if (!fb) return { kind: 'not-generated' };
    const chosen = this.injectedChoice !== null && this.injectedChoice !== this.autoInjected;
    if (fb.kind === 'error') return chosen ? { kind: 'chosen-injected' } : { kind: 'own-mistake', step: fb.step };
    return chosen ? { kind: 'chosen-own', verdict: fb.kind } : { kind: 'fallback', verdict: fb.kind };
  });
  /** The path in a sentence, for the page. */
  readonly pathText: string = $derived(describePath(this.path, this.modelFeedback));
  readonly feedback = $derived(scriptedFeedback(this.problem, this.attempt));
  readonly improvement = $derived(scriptedImprove(this.problem, this.attempt, this.feedback));
  /**
   * The trajectory's turns. With a located mistake: the attempt with its feedback, and the improvement with the critic's
   * verdict on it. A correct attempt is the whole trajectory (nothing to improve); an unreadable one too (TriPosT drops it).
   */
  readonly turns: Turn[] = $derived(
    this.feedback.kind === 'error'
      ? [storedTurn(this.attempt, this.feedback), storedTurn(this.improvement, scriptedFeedback(this.problem, this.improvement))]
      : [storedTurn(this.attempt, this.feedback)],
  );
  /** The example this trajectory gives after splitting: (a0, f0 → a1), or the directly-correct one; null when dropped. */
  readonly example: Example | null = $derived(splitTrajectory({ id: 0, problem: this.problem as unknown as StoredProblem, turns: this.turns })[0] ?? null);

  /** Use the gold answer with one injected mistake for the later steps (by default: unless the model made a located one). */
  get useInjected(): boolean {
    return !this.generated || (this.injectedChoice ?? this.autoInjected);
  }
  set useInjected(v: boolean) {
    this.injectedChoice = v;
  }

  /** Reads the manifest and builds the model the page starts from (the warm start is fetched here, not on Generate). */
  async prepare(): Promise<void> {
    await this.warmStarts.load();
    if (!this.fromWarm) return;
    // A warm start that fails to load is recorded in warmFailure, which the page states; the preset takes over.
    await this.#model().catch(() => undefined);
  }

  newProblem(): void {
    this.index++;
    this.#resetOutputs();
  }

  setTask(task: TaskId): void {
    this.task = task;
    this.batch = null;
    this.#resetOutputs();
    void this.prepare();
  }

  /** The warm start (true) or the untrained preset named. */
  setModel(choice: 'warm' | PresetName): void {
    this.wantWarm = choice === 'warm';
    if (choice !== 'warm') this.preset = choice;
    this.batch = null;
    this.#resetOutputs();
    void this.prepare();
  }

  /** Another backend; a model already built moves there now, with its weights (so nothing trained here is lost). */
  setBackend(backend: LearnBackend): void {
    if (backend === this.backend) return;
    this.backend = backend;
    this.lossBefore = this.lossAfter = null;
    if (this.#engine) {
      void this.#model().catch((e: unknown) => {
        this.error = describeError(e);
      });
    }
  }

  async loadBatch(): Promise<void> {
    const [task, level] = [this.task, this.level];
    const batch = await sampleBatch(task, 24, level);
    if (task === this.task && level === this.level) this.batch = batch;
  }

  #resetOutputs(): void {
    this.modelAttempt = '';
    this.generated = false;
    this.injectedChoice = null;
    this.lossBefore = this.lossAfter = null;
    this.error = null;
  }

  /** The model for the current choice and backend, and its tokenizer; built once, reused while they stay the same. */
  #model(): Promise<{ engine: Engine; tokenizer: Tokenizer }> {
    const run = this.#lock.then(() => this.#ensureModel());
    this.#lock = run.catch(() => undefined);
    return run;
  }

  async #ensureModel(): Promise<{ engine: Engine; tokenizer: Tokenizer }> {
    const entry = this.fromWarm ? this.warmEntry : null;
    const key = entry ? `warm:${entry.name}` : `scratch:${this.preset}`;
    const backend = this.backend;
    if (this.#engine && this.#engineKey === key && this.#engineBackend === backend) return { engine: this.#engine, tokenizer: this.#tokenizer };
    this.loadingModel = true;
    try {
      if (this.#engine && this.#engineKey === key) {
        // Only the backend changed: the weights (the warm start's, and whatever this page trained) come along.
        const engine = await moveEngine(this.#engine, backend);
        if (this.stepsOnPage > 0) {
          const name = (b: LearnBackend) => (b === 'cpu' ? 'CPU' : 'WebGPU');
          this.carried = `The model's weights, with the ${this.stepsOnPage} training step${this.stepsOnPage === 1 ? '' : 's'} taken on this page, moved from the ${name(this.#engineBackend)} backend to ${name(backend)}.`;
        }
        this.#engine = engine;
        this.#engineBackend = backend;
        return { engine, tokenizer: this.#tokenizer };
      }
      this.#engine?.destroy();
      this.#engine = null;
      this.#engineKey = '';
      this.warmupSteps = 0;
      this.warmupLoss = null;
      this.stepsOnPage = 0;
      this.carried = null;
      let engine: Engine;
      let tokenizer: Tokenizer;
      if (entry) {
        try {
          ({ engine, tokenizer } = await warmStartModel(entry, backend, CONTEXT));
        } catch (e) {
          // The page goes on with the untrained preset and says why.
          this.warmFailure = { name: entry.name, message: (e as Error).message ?? String(e) };
          throw e;
        }
      } else {
        tokenizer = this.#charTokenizer;
        engine = await createEngine({ backend, config: presetConfig(this.preset, tokenizer.vocabSize, { maxSeqLen: CONTEXT }), seed: 1 });
      }
      this.#engine = engine;
      this.#tokenizer = tokenizer;
      this.#engineKey = key;
      this.#engineBackend = backend;
      return { engine, tokenizer };
    } finally {
      this.loadingModel = false;
    }
  }

  /** Streams the model's attempt, a chunk of tokens per generate call. */
  async generate(): Promise<void> {
    this.generating = true;
    this.error = null;
    this.modelAttempt = '';
    this.generated = false;
    this.injectedChoice = null;
    try {
      const { engine, tokenizer: tok } = await this.#model();
      // Prompted and stopped as the pipeline's attempts are (src/tripost/stages.ts): stop strings on decoded text.
      const prompt = tok.encode(attemptPrompt(this.problem.prompt), { bos: true });
      const ids: number[] = [];
      let text = '';
      for (let chunk = 0; prompt.length + ids.length < CONTEXT - CHUNK; chunk++) {
        // The ids themselves go back in: decoding and re-encoding need not give the same tokens.
        const context = Int32Array.from([...prompt, ...ids]);
        // The stops decode each token once as it streams (not the whole chunk again for every token); the page shows it.
        const stops = new TextStops(tok, [context], ATTEMPT_STOPS);
        const stream = stops.stream(0);
        const { tokens, finish } = await engine.generate([context], {
          maxNewTokens: CHUNK, temperature: this.temperature, seed: mixSeed(this.index, chunk), stop: eosStop(tok),
          stopWhen: (row, id) => {
            const before = stream.text.length;
            const stop = stops.stopWhen(row, id);
            if (stream.text.length > before) this.modelAttempt = cleanAttempt(text + stream.text);
            return stop;
          },
        });
        ids.push(...tokens[0]);
        text += stream.finalText;
        // A stop string that began in an earlier chunk ends this one too; the whole text is cut before it.
        this.modelAttempt = cleanAttempt(text);
        await nextFrame();
        if (finish[0] !== 'length') break;
      }
      this.generated = true;
    } catch (e) {
      this.error = describeError(e);
    } finally {
      this.generating = false;
    }
  }

  /** A few seconds of fine-tuning on gold rationales, so the untrained preset's attempt looks like the task's format. */
  async warmUp(): Promise<void> {
    this.warming = true;
    this.error = null;
    try {
      const { engine, tokenizer } = await this.#model();
      const gold = Array.from({ length: 64 }, (_, i) => rationaleExample(generateProblem(this.task, 'seen', 11, i, this.level)));
      const signal = AbortSignal.timeout(WARMUP_SECONDS * 1000);
      const settings = { epochs: 50, lr: 3e-3, warmup: 0.05, batchSize: 4, contextLength: CONTEXT, w: 1, seed: 3, ...HYPER };
      await trainOn(engine, tokenizer, gold, settings, {
        signal,
        beforeStep: nextFrame,
        onStep: ({ loss }) => {
          this.warmupSteps++;
          this.stepsOnPage++;
          this.warmupLoss = loss;
        },
      }).catch((e: unknown) => {
        // The time limit is how warm-up ends, not a failure.
        if ((e as Error)?.name !== 'TimeoutError') throw e;
      });
    } catch (e) {
      this.error = describeError(e);
    } finally {
      this.warming = false;
    }
  }

  /** Loss on the trajectory's example, one AdamW step on it with weight w, and the loss again. */
  async trainStep(): Promise<void> {
    const example = this.example;
    if (!example) return;
    this.training = true;
    this.error = null;
    try {
      const { engine, tokenizer } = await this.#model();
      const row = tokenizeExample(example, tokenizer, this.w);
      const batch = makeBatch([row], 1, Math.min(CONTEXT, row.tokens.length - 1), tokenizer.pad);
      this.lossBefore = await engine.loss(batch);
      this.lossAfter = null;
      await engine.trainStep(batch, { lr: STEP_LR, ...HYPER });
      this.stepsOnPage++;
      this.lossAfter = await engine.loss(batch);
    } catch (e) {
      this.error = describeError(e);
    } finally {
      this.training = false;
    }
  }

  destroy(): void {
    this.#engine?.destroy();
    this.#engine = null;
  }
}
