// The JSONL layouts of the authors' code (jasonyux/TriPosT), so the data of a playground run trains a 7B model with
// their PyTorch trainer. Read from their code (TRIPOST-REFERENCE.md names the repository):
// - training set, `runners/trainer/train_self_improve_rl_noeval.py` (collect_data → train_itr{itr}.jsonl), read by
//   `utils/dataset.py` SelfImproveDataset: {"text", "text_att_start_text"}; tokens from the first occurrence of
//   text_att_start_text on weigh `self_improve_section_weight` when it contains "Feedback", 1 otherwise.
// - trajectories, `models/rl/*.py` LLMEditor.log (editor_log_itr{itr}_i{i}.jsonl): {"original", "edited"}, edited
//   being "CORRECT", "none" or the edited trajectory's text.
// - problems with gold rationales (data/training/*_rationale_*.jsonl, the RL script's train_world_dset):
//   {"text", "text_att_start_text": "\nAnswer:", "meta_data": {"question", "rationale", "answer", "meta_data"}}.
// Their readers take only these keys; every line also carries our own `meta_data` (or `playground`) for provenance.
import type { ExampleKind, Problem, TaskId, TrainingExample, Trajectory } from '../store';
import { FEEDBACK_MARK, UPDATE_MARK, infoOfPrompt } from '../tasks';

/** The authors' task names, as their file names and `--task`/`--dset_type` flags spell them. */
export const AUTHORS_TASK_NAMES: Record<TaskId, string> = {
  msa: 'multistep_arithmetic',
  ws: 'word_sorting',
  du: 'date_understanding',
  ld: 'logical_deduction',
};

/** Weighs from the first feedback on (their improvement and final-turn examples). */
export const FEEDBACK_START = '\nFeedback:';
/** Weighs every token 1 (their gold examples and directly-correct trajectories). */
export const WHOLE_TEXT_START = 'Q:';
/** Their gold-rationale files: the rationale after the prompt is what is learned. */
export const RATIONALE_START = '\nAnswer:';

export interface AuthorsTrainingLine {
  text: string;
  text_att_start_text: typeof FEEDBACK_START | typeof WHOLE_TEXT_START;
  meta_data: { kind: ExampleKind; weight_from_char: number | null; trajectory_id: number | null; playground_iteration: number };
}

export interface AuthorsEditorLogLine {
  original: string;
  edited: string;
  meta_data: { trajectory_id: number; playground_iteration: number; split: string; outcome: string; kept: boolean; drop_reason: string | null; critic: string; answer: string | null };
}

export interface AuthorsRationaleLine {
  text: string;
  text_att_start_text: typeof RATIONALE_START;
  meta_data: { question: string; formatted_choices?: string; rationale: string; answer: string; meta_data: Record<string, unknown> };
}

/**
 * One example of a post-processed training set. The playground weighs w from `weightFrom` (the first "Feedback:");
 * the authors' trainer from the first "\nFeedback:" when text_att_start_text says so, which is the same character.
 */
export function authorsTrainingLine(e: Pick<TrainingExample, 'kind' | 'text' | 'weightFrom' | 'trajectoryId' | 'iteration'>): AuthorsTrainingLine {
  if (e.weightFrom !== null && e.text.indexOf(FEEDBACK_START) + 1 !== e.weightFrom) {
    throw new Error(`Training example (${e.kind}) weighs from character ${e.weightFrom}, not at its first "Feedback:": the authors' layout cannot say so`);
  }
  return {
    text: e.text,
    text_att_start_text: e.weightFrom === null ? WHOLE_TEXT_START : FEEDBACK_START,
    meta_data: { kind: e.kind, weight_from_char: e.weightFrom, trajectory_id: e.trajectoryId, playground_iteration: e.iteration },
  };
}

/** Prompt, attempts, feedback and "Updated Answer:" turns: the text their format_trajectory writes, and ours. */
export function trajectoryText(prompt: string, turns: readonly Pick<Trajectory['turns'][number], 'attempt' | 'feedback'>[]): string {
  const info = infoOfPrompt(prompt);
  return prompt + turns.map((turn, i) => `${i > 0 ? `${UPDATE_MARK}${info}` : ''}\n${turn.attempt}${FEEDBACK_MARK}${turn.feedback}`).join('');
}

/**
 * One trajectory as their editor logs it: `original` is the model's first attempt after the prompt, `edited` what
 * became training data: "CORRECT" (then `original` ends with the correct feedback, as theirs does), the edited
 * trajectory, or "none" for one post-processing did not keep.
 */
export function authorsEditorLogLine(t: Trajectory): AuthorsEditorLogLine {
  const prompt = String(t.problem.prompt ?? '');
  const first = t.turns[0];
  const correctAtOnce = t.kept && t.turns.length === 1 && first?.feedbackKind === 'correct';
  const original = correctAtOnce ? trajectoryText(prompt, t.turns) : `${prompt}\n${first?.attempt ?? ''}`;
  const edited = correctAtOnce ? 'CORRECT' : t.kept ? trajectoryText(prompt, t.turns) : 'none';
  const answer = typeof t.problem.answer === 'string' ? t.problem.answer : null;
  return {
    original,
    edited,
    meta_data: { trajectory_id: t.id, playground_iteration: t.iteration, split: t.split, outcome: t.outcome, kept: t.kept, drop_reason: t.dropReason ?? null, critic: t.critic, answer },
  };
}

/** MSA's structure as their evaluator reports it: `depth_levels` (2 per level of pairing) and `length` (numbers in a group). */
function msaShape(problem: Problem): Record<string, unknown> {
  const groups = (problem.data as { groups?: unknown } | undefined)?.groups;
  if (!Array.isArray(groups) || groups.length < 2) return {};
  const depth = Math.log2(groups.length);
  const length = Math.max(...groups.map((g) => String(g).split(/\s+[-+*]\s+/).length));
  // Assumption: their [2] / [2, 2] are the pairings of 2 and 4 groups; other counts have no such label.
  return Number.isInteger(depth) ? { depth_levels: Array<number>(depth).fill(2), length } : { length };
}

/** A problem with its gold rationale, as their rationale files hold one; options go to `formatted_choices` as theirs. */
export function authorsRationaleLine(problem: Problem, task: TaskId, index: number): AuthorsRationaleLine {
  const rationale = String(problem.rationale ?? '');
  const [question, choices] = problem.question.split('\nOptions:\n');
  const shape = task === 'msa' ? msaShape(problem) : {};
  return {
    text: `${String(problem.prompt ?? '')}\n${rationale}`,
    text_att_start_text: RATIONALE_START,
    meta_data: {
      question,
      ...(choices !== undefined && { formatted_choices: choices }),
      rationale,
      answer: String(problem.answer ?? ''),
      meta_data: { split: 'train', new_split: 'train', idx: index, playground_problem_id: problem.id, ...shape },
    },
  };
}

export function toJsonl(lines: readonly object[]): string {
  return lines.map((l) => `${JSON.stringify(l)}\n`).join('');
}
