// The hybrid critic: exact scripted FBK with LLM IMP; optionally the LLM's FBK is asked too and
// compared with the script's, and the agreement rate is reported.

import { TASK_IDS, type Critic, type Feedback, type Problem, type TaskId } from '../tasks';
import { isFatal } from './outcome';

export interface HybridOptions {
  script: Critic;
  llm: Critic;
  /** Also ask the LLM for feedback and compare it with the script's (costs one FBK request per check). */
  checkLlmFeedback?: boolean;
  /** Tasks with a scripted FBK; the LLM's FBK is used for the others. All four by default. */
  scriptedTasks?: readonly TaskId[];
}

export interface AgreementStats {
  /** FBK pairs compared (the LLM's answer parsed). */
  compared: number;
  agreed: number;
  /** LLM FBK answers that could not be parsed or fetched; not counted in `compared`. */
  llmFailed: number;
  /** agreed / compared, or null before any comparison. */
  rate: number | null;
}

/** Same verdict: both correct, or the same first wrong step with overlapping quoted parts. */
export function feedbackAgrees(script: Feedback, llm: Feedback): boolean {
  if (script.kind !== llm.kind) return false;
  if (script.kind !== 'error' || llm.kind !== 'error') return true;
  const [a, b] = [script.segment.trim(), llm.segment.trim()];
  return script.step === llm.step && (a.includes(b) || b.includes(a));
}

export class HybridCritic implements Critic {
  readonly name: string;
  readonly #opts: Required<HybridOptions>;
  #compared = 0;
  #agreed = 0;
  #failed = 0;

  constructor(options: HybridOptions) {
    this.#opts = { checkLlmFeedback: false, scriptedTasks: TASK_IDS, ...options };
    this.name = `hybrid(${options.script.name}+${options.llm.name})`;
  }

  get agreement(): AgreementStats {
    const rate = this.#compared === 0 ? null : this.#agreed / this.#compared;
    return { compared: this.#compared, agreed: this.#agreed, llmFailed: this.#failed, rate };
  }

  resetAgreement(): void {
    this.#compared = this.#agreed = this.#failed = 0;
  }

  async feedback(problem: Problem, attempt: string, signal?: AbortSignal): Promise<Feedback> {
    const { script, llm, checkLlmFeedback, scriptedTasks } = this.#opts;
    if (!scriptedTasks.includes(problem.task)) return llm.feedback(problem, attempt, signal);
    const exact = await script.feedback(problem, attempt, signal);
    if (checkLlmFeedback) await this.#check(problem, attempt, exact, signal);
    return exact;
  }

  improve(problem: Problem, attempt: string, feedback: Feedback, signal?: AbortSignal): Promise<string> {
    return this.#opts.llm.improve(problem, attempt, feedback, signal);
  }

  /** The script stays the verdict; a failed LLM check is counted, never passed on (Stop and bad settings are). */
  async #check(problem: Problem, attempt: string, exact: Feedback, signal?: AbortSignal): Promise<void> {
    try {
      const other = await this.#opts.llm.feedback(problem, attempt, signal);
      this.#compared++;
      if (feedbackAgrees(exact, other)) this.#agreed++;
    } catch (e) {
      if (isFatal(e)) throw e;
      this.#failed++;
    }
  }
}
