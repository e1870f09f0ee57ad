// Shared types of the task suite: problems, feedback, critics, trajectories (DESIGN.md §4).

export type TaskId = 'msa' | 'ws' | 'du' | 'ld';
export type Split = 'seen' | 'unseen';

export const TASK_IDS: readonly TaskId[] = ['msa', 'ws', 'du', 'ld'];
export const SPLITS: readonly Split[] = ['seen', 'unseen'];

/** Fields every problem has; plain JSON so it can be stored in IndexedDB. */
interface ProblemBase {
  id: string;
  split: Split;
  /** The question text, without the `Q: ` prefix. */
  question: string;
  /** Exactly `Q: {question}\nAnswer:{info}`; the model continues with `\n(1) ...`. */
  prompt: string;
  /** Gold steps, `(1) ...` through `(Final response) ...`, lines joined by `\n`. */
  rationale: string;
  /** Normalised gold answer, comparable with `extractAnswer`. */
  answer: string;
}

/** MSA: `groups[i]` is the text of variable i (A, B, ...), `template` the top level, e.g. `(A * B)`. */
export interface MsaProblem extends ProblemBase {
  task: 'msa';
  data: { groups: string[]; template: string };
}

/** WS: the words in question order (distinct, none a prefix of another). */
export interface WsProblem extends ProblemBase {
  task: 'ws';
  data: { words: string[] };
}

/** A DU event: `name` is `offset` days after the event `from` (`today` or an earlier event's name). */
export interface DuEvent {
  name: string;
  from: string;
  /** Signed day count; negative means before. */
  offset: number;
  /** How the question says it, e.g. `2 weeks before`. */
  phrase: string;
}

/** DU: anchor sentence fixes today; events chain from it; the asked date is the last event. */
export interface DuProblem extends ProblemBase {
  task: 'du';
  data: {
    anchor: { kind: 'today' | 'yesterday' | 'tomorrow'; date: string; text: string };
    /** Today's date as MM/DD/YYYY. */
    today: string;
    events: DuEvent[];
    /** Option dates (A), (B), ... as MM/DD/YYYY. */
    options: string[];
    answerIndex: number;
  };
}

/** An LD clue: `a` is before `b`, or `a` is at 1-based `position` counted from the first. */
export type LdClue =
  | { kind: 'before'; a: string; b: string; text: string }
  | { kind: 'at'; a: string; position: number; fromEnd: boolean; text: string };

/** LD: `order` is the truth (first to last); the options all ask who is at `position`. */
export interface LdProblem extends ProblemBase {
  task: 'ld';
  data: {
    frame: 'golf' | 'shelf';
    objects: string[];
    order: string[];
    clues: LdClue[];
    position: number;
    /** Option statements (A), (B), ... without the trailing period. */
    options: string[];
    answerIndex: number;
  };
}

export type Problem = MsaProblem | WsProblem | DuProblem | LdProblem;

/**
 * A critic's verdict on one attempt. `step` is a label as written in the attempt
 * (`'2'`, `'3.1'`, `'Final response'`); `prevStep` the label of the step before it (null for step 1).
 * `reason` has no trailing period (the rendering adds it).
 */
export type Feedback =
  | { kind: 'correct' }
  | { kind: 'error'; step: string; prevStep: string | null; segment: string; reason: string }
  | { kind: 'format'; reason: string };

/** A critic: scripted or LLM. Attempts are step texts, `(1) ...` to `(Final response) ...`. */
export interface Critic {
  name: string;
  feedback(problem: Problem, attempt: string, signal?: AbortSignal): Promise<Feedback>;
  improve(problem: Problem, attempt: string, feedback: Feedback, signal?: AbortSignal): Promise<string>;
}

export type Legality = { legal: true } | { legal: false; reason: string };

/** One attempt and the feedback on it (the last turn may have none yet). */
export interface Turn {
  attempt: string;
  feedback?: Feedback;
}

export interface Trajectory {
  prompt: string;
  turns: Turn[];
}
