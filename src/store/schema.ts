// Record shapes of the playground's IndexedDB (DESIGN.md §6). The store defines its own types so it
// depends on no other module; the pipeline maps its values onto these.

/** Any JSON value: what configs, problems and settings are made of. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Task ids (DESIGN.md §4): multistep arithmetic, word sorting, date understanding, logical deduction. */
export const TASK_IDS = ['msa', 'ws', 'du', 'ld'] as const;
export type TaskId = (typeof TASK_IDS)[number];

/** `seen` difficulty is trained on; `unseen` is harder, for out-of-domain evaluation. */
export const SPLITS = ['seen', 'unseen'] as const;
export type Split = (typeof SPLITS)[number];

/** A generated problem; the task suite may add any JSON fields besides these two. */
export interface Problem extends JsonObject {
  id: string;
  question: string;
}

/** What a feedback says: the whole answer is right, a step is wrong, or the attempt is malformed. */
export const FEEDBACK_KINDS = ['correct', 'error', 'format'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** One round of interactive editing: an attempt and the critic's feedback on it. */
export interface Turn {
  /** The attempt's text, from "Let's think step by step." to the final response line. */
  attempt: string;
  /** The feedback as rendered into the training text (DESIGN.md §4). */
  feedback: string;
  feedbackKind: FeedbackKind;
  /** The first wrong step's label, e.g. "(2)" or "(Final response)"; only for `error` feedback. */
  errorStep?: string;
  /** The wrong part of that step, quoted in the feedback; only for `error` feedback. */
  segment?: string;
}

/**
 * How a trajectory ended: right at the first attempt (`correct`), right after editing (`improved`),
 * still wrong after the last round (`incorrect`), or abandoned by the editing rules (`dropped`).
 */
export const OUTCOMES = ['correct', 'improved', 'incorrect', 'dropped'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** One interactive-editing trajectory, as the inspector shows it and as JSONL carries it. */
export interface Trajectory {
  id: number;
  runId: number;
  /** The TriPosT iteration (1-based) whose model made the attempts. */
  iteration: number;
  task: TaskId;
  split: Split;
  problem: Problem;
  turns: Turn[];
  outcome: Outcome;
  /** Which critic wrote the feedback, e.g. "script" or an LLM model name. */
  critic: string;
  /** Whether post-processing keeps it for training; `dropReason` says why not. */
  kept: boolean;
  dropReason?: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
}

/** A trajectory before the store gives it an id; `createdAt` defaults to now. */
export type NewTrajectory = Omit<Trajectory, 'id' | 'createdAt'> & { createdAt?: number };

/** Pipeline stages, in the order a run goes through them each iteration (DESIGN.md §1). */
export const RUN_STAGES = ['finetune', 'edit', 'postprocess', 'train', 'evaluate'] as const;
export type RunStage = (typeof RUN_STAGES)[number];

/** A stage of a given iteration, and how far it got (`done` of `total` units, e.g. problems or steps). */
export interface StageProgress {
  iteration: number;
  stage: RunStage;
  done: number;
  total: number;
  updatedAt: number;
}

export const RUN_STATUSES = ['created', 'running', 'paused', 'done', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Why a run failed, as the pipeline recorded it, so a reloaded page says it as the live one did. */
export interface RunError {
  /** The error's name (NotEnoughData, StorageFull, LlmEndpointDown…); 'Error' for anything unnamed. */
  name: string;
  /** For the user, without secrets. */
  message: string;
  /** The stage it stopped in; null when it failed before any stage began. */
  stage: { iteration: number; stage: RunStage } | null;
  /** Whether resuming from the last completed stage may succeed. */
  resumable: boolean;
  /** LLM failures: unauthorized, unreachable, timeout, rate-limited, quota… */
  llmKind?: string;
}

/** A run: its configuration and where it stands, so a reloaded tab can continue it. */
export interface RunRecord {
  id: number;
  name: string;
  /** The run's full configuration (task, sizes, p, w, t, critic...), as the pipeline defines it. */
  config: JsonObject;
  status: RunStatus;
  /** The last stage that finished completely; a resumed run starts after it. */
  lastCompleted: { iteration: number; stage: RunStage } | null;
  /** The stage in progress, if any. */
  current: StageProgress | null;
  /** Why a `failed` run stopped; records written before it was structured hold only the words (read with `runErrorOf`). */
  error?: RunError | string;
  /** A run that came from a run bundle: when, and the status it had where it was exported. */
  imported?: { at: number; status: RunStatus };
  createdAt: number;
  updatedAt: number;
}

/** Which kind of post-processed example (DESIGN.md §5 "Splitting" and "Rebalancing"). */
export const EXAMPLE_KINDS = ['improvement', 'correct', 'gold'] as const;
export type ExampleKind = (typeof EXAMPLE_KINDS)[number];

/** One training text of an iteration's post-processed set. */
export interface TrainingExample {
  id: number;
  runId: number;
  iteration: number;
  task: TaskId;
  kind: ExampleKind;
  text: string;
  /** Character offset of the first `Feedback:`, from where tokens weigh `w`; null: all weigh 1. */
  weightFrom: number | null;
  /** The trajectory it came from; null for gold rationales. */
  trajectoryId: number | null;
}

/** One tensor in a checkpoint's flat float32 buffer. */
export interface CheckpointTensor {
  name: string;
  shape: number[];
  /** Offset into the flat buffer, in float32 elements. */
  offset: number;
}

/** The stages that train; a mid-stage training checkpoint belongs to one of them. */
export type TrainingStage = Extract<RunStage, 'finetune' | 'train'>;

/** Where a training stage stood when its mid-stage checkpoint was taken. */
export interface TrainingMark {
  stage: TrainingStage;
  /** Optimizer steps done (and Adam's step count); the stage resumes at the next one. */
  step: number;
  /** The stage's steps in all. */
  total: number;
}

/** A checkpoint's manifest; its bytes live in `checkpointChunks` (ArrayBuffers, never Blobs: Safari). */
export interface CheckpointRecord {
  id: number;
  runId: number;
  iteration: number;
  /** E.g. "ft-rationale", "tripost-1". */
  label: string;
  /** The model configuration the weights belong to. */
  modelConfig: JsonObject;
  tensors: CheckpointTensor[];
  byteLength: number;
  chunkCount: number;
  createdAt: number;
  /**
   * Set only on a run's mid-stage training checkpoint (at most one a run, schema version 4): its tensors are the
   * weights and then Adam's moments (`adam.m.<name>`, `adam.v.<name>`). Model checkpoints have none.
   */
  training?: TrainingMark;
}

/** At most `CHUNK_BYTES` of a checkpoint's flat buffer. */
export interface CheckpointChunk {
  checkpointId: number;
  index: number;
  data: ArrayBuffer;
}

/** Largest checkpoint chunk: IndexedDB values this size are safe in every browser. */
export const CHUNK_BYTES = 32 * 1024 * 1024;

/** One point of a curve, e.g. series "train/loss" at optimizer step 120. */
export interface MetricPoint {
  id: number;
  runId: number;
  iteration: number;
  series: string;
  step: number;
  value: number;
}

/** One evaluation of a model on a task and split (DESIGN.md §5 "Metrics"). */
export interface EvalRecord {
  id: number;
  runId: number;
  iteration: number;
  /** Which model was evaluated, e.g. "ft-rationale", "tripost", "ft-si-demo". */
  model: string;
  task: TaskId;
  split: Split;
  /** Number of questions. */
  n: number;
  accuracy: number;
  siFreq: number;
  siContrib: number;
  createdAt: number;
}

/** One attempt of an evaluation in progress and the model's own feedback on it, when it gave one. */
export interface EvalProgressTurn {
  attempt: string;
  feedback?: string;
}

/**
 * One problem of an evaluation in progress after its latest generation (schema version 5): a stopped, reloaded or
 * killed evaluation goes on from these rows instead of from its first problem; its split's record replaces them.
 */
export interface EvalProgressRow {
  runId: number;
  iteration: number;
  split: Split;
  problemId: string;
  turns: EvalProgressTurn[];
  /** "Updated Answer"s the model wrote so far. */
  updates: number;
  /** Generations done for the problem: the evaluation round it has reached. */
  generations: number;
  /** What the model continues next; null once the problem is finished. */
  context: string | null;
}

/** A cached LLM critic response, keyed by a hash of the request the caller computes. */
export interface LlmCacheEntry {
  key: string;
  response: string;
  createdAt: number;
}

/** One user setting. */
export interface SettingRecord {
  key: string;
  value: JsonValue;
}

/** Record to insert: the store assigns the id. */
export type New<T extends { id: number }> = Omit<T, 'id'>;
