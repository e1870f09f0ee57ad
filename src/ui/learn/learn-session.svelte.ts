// The Learn page's one problem, walked through TriPosT's steps on this page's main thread: the model (nano or
// tiny, untrained or briefly trained) attempts it, the scripted critic marks and fixes it, one weighted step trains on it.
import { createEngine, presetConfig, taskTokenizer, type Engine, type PresetName } from '../../engine';
import { generateProblem, mixSeed, mulberry32, injectError, scriptedFeedback, scriptedImprove, type Problem, type TaskId } from '../../tasks';
import { makeBatch, tokenizeExample } from '../../tripost/batches';
import { storedTurn } from '../../tripost/edit';
import { rationaleExample, splitTrajectory, type Example } from '../../tripost/postprocess';
import { trainOn } from '../../tripost/train';
import type { Problem as StoredProblem, Turn } from '../../store';
import { DEFAULT_P } from '../../tripost/config';
import { describeError, type ErrorText } from '../errors';
import { sampleBatch, type SampleBatch } from './sample-batch';

export type LearnBackend = 'cpu' | 'webgpu';

/** Characters per generate call: between calls the page repaints, so the attempt visibly streams on any backend. */
const CHUNK = 24;
const CONTEXT = 1024;
const WARMUP_SECONDS = 5;
const STEP_LR = 2e-3;
const HYPER = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.01, gradClip: 1 };

const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class LearnSession {
  task = $state<TaskId>('msa');
  index = $state(0);
  preset = $state<PresetName>('nano');
  backend = $state<LearnBackend>('cpu');
  /** Use the gold rationale with one injected mistake for the later steps, so they show something with any model. */
  useInjected = $state(true);

  modelAttempt = $state('');
  generating = $state(false);
  generated = $state(false);
  warming = $state(false);
  warmupSteps = $state(0);
  warmupLoss = $state<number | null>(null);
  training = $state(false);
  lossBefore = $state<number | null>(null);
  lossAfter = $state<number | null>(null);
  error = $state<ErrorText | null>(null);
  /** Post-processing: the proportion of improvement examples (null: no rebalancing) and the sample batch. */
  p = $state<number | null>(Math.round(DEFAULT_P * 100) / 100);
  batch = $state.raw<SampleBatch | null>(null);
  /** The loss weight on feedback and improvement tokens. */
  w = $state(1.5);

  readonly tokenizer = taskTokenizer();
  #engine: Engine | null = null;
  #engineKey = '';

  readonly problem: Problem = $derived(generateProblem(this.task, 'seen', 7, this.index));
  readonly injected = $derived(injectError(this.problem, mulberry32(mixSeed(7, this.index))));
  readonly attempt = $derived(this.useInjected || !this.generated ? this.injected.attempt : this.modelAttempt);
  readonly feedback = $derived(scriptedFeedback(this.problem, this.attempt));
  readonly improvement = $derived(scriptedImprove(this.problem, this.attempt, this.feedback));
  /** The two turns: the attempt with its feedback, the improvement with the critic's verdict on it. */
  readonly turns: Turn[] = $derived([storedTurn(this.attempt, this.feedback), storedTurn(this.improvement, scriptedFeedback(this.problem, this.improvement))]);
  /** The improvement example (a0, f0 → a1) this trajectory gives after splitting. */
  readonly example: Example = $derived(splitTrajectory({ id: 0, problem: this.problem as unknown as StoredProblem, turns: this.turns })[0]);

  newProblem(): void {
    this.index++;
    this.#resetOutputs();
  }

  setTask(task: TaskId): void {
    this.task = task;
    this.batch = null;
    this.#resetOutputs();
  }

  async loadBatch(): Promise<void> {
    const task = this.task;
    const batch = await sampleBatch(task, 24);
    if (task === this.task) this.batch = batch;
  }

  #resetOutputs(): void {
    this.modelAttempt = '';
    this.generated = false;
    this.lossBefore = this.lossAfter = null;
    this.error = null;
  }

  /** The model for the current preset and backend; built once, reused while they stay the same. */
  async #model(): Promise<Engine> {
    const key = `${this.preset}:${this.backend}`;
    if (this.#engine && this.#engineKey === key) return this.#engine;
    this.#engine?.destroy();
    this.#engine = null;
    const config = presetConfig(this.preset, this.tokenizer.vocabSize, { maxSeqLen: CONTEXT });
    this.#engine = await createEngine({ backend: this.backend, config, seed: 1 });
    this.#engineKey = key;
    this.warmupSteps = 0;
    this.warmupLoss = null;
    return this.#engine;
  }

  /** Streams the model's attempt, a chunk of tokens per generate call. */
  async generate(): Promise<void> {
    this.generating = true;
    this.error = null;
    this.modelAttempt = '';
    try {
      const engine = await this.#model();
      const tok = this.tokenizer;
      const prompt = tok.encode(this.problem.prompt, { bos: true });
      const stop = [Int32Array.of(tok.eos), tok.encode('\nFeedback:'), tok.encode('\nQ:')];
      let text = '';
      for (let chunk = 0; prompt.length + text.length < CONTEXT - CHUNK; chunk++) {
        const context = Int32Array.from([...prompt, ...tok.encode(text)]);
        const { tokens, finish } = await engine.generate([context], {
          maxNewTokens: CHUNK, temperature: 0.7, seed: mixSeed(this.index, chunk), stop,
          onToken: (_row, id) => (this.modelAttempt = (text + tok.decode([id])).replace(/^\n/, '')),
        });
        text += tok.decode(tokens[0]);
        this.modelAttempt = text.replace(/^\n/, '').replace(/\nFeedback:$|\nQ:$/, '');
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

  /** A few seconds of fine-tuning on gold rationales, so the attempt looks like the task's format. */
  async warmUp(): Promise<void> {
    this.warming = true;
    this.error = null;
    try {
      const engine = await this.#model();
      const gold = Array.from({ length: 64 }, (_, i) => rationaleExample(generateProblem(this.task, 'seen', 11, i)));
      const signal = AbortSignal.timeout(WARMUP_SECONDS * 1000);
      const settings = { epochs: 50, lr: 3e-3, warmup: 0.05, batchSize: 4, contextLength: CONTEXT, w: 1, seed: 3, ...HYPER };
      await trainOn(engine, this.tokenizer, gold, settings, {
        signal,
        beforeStep: nextFrame,
        onStep: ({ loss }) => {
          this.warmupSteps++;
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

  /** Loss on the improvement example, one AdamW step on it with weight w, and the loss again. */
  async trainStep(): Promise<void> {
    this.training = true;
    this.error = null;
    try {
      const engine = await this.#model();
      const row = tokenizeExample(this.example, this.tokenizer, this.w);
      const batch = makeBatch([row], 1, Math.min(CONTEXT, row.tokens.length - 1), this.tokenizer.pad);
      this.lossBefore = await engine.loss(batch);
      this.lossAfter = null;
      await engine.trainStep(batch, { lr: STEP_LR, ...HYPER });
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
