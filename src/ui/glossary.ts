// The words the playground uses, explained once: every page's tooltips (Term.svelte) and badge titles read them
// from here, so a term means the same everywhere. Plain text only: it is rendered as text, never as HTML.

export interface GlossaryEntry {
  /** The term as the page writes it. */
  term: string;
  /** What it means, in a sentence or two. */
  text: string;
}

export const GLOSSARY = {
  siFreq: {
    term: 'SI.Freq',
    text: 'Self-improvement frequency: the share of evaluation questions where the model, after its own feedback, wrote at least one “Updated Answer”.',
  },
  siContrib: {
    term: 'SI.Contrib',
    text: 'Self-improvement contribution: of the questions the model finally answers right, the share it had wrong before its own improvement.',
  },
  feedback: {
    term: 'feedback (FBK)',
    text: 'What the critic says about an attempt: the first wrong step and the part of it that is wrong, or that the whole answer is correct.',
  },
  improvement: {
    term: 'improvement (IMP)',
    text: 'The attempt rewritten from the wrong step on, the steps before it copied unchanged (the “Updated Answer”). The critic checks it again, up to 5 rounds.',
  },
  ftRationale: {
    term: 'ft rationale',
    text: 'The starting model: fine-tuned on gold rationales only, before any TriPosT iteration (iteration 0 in the charts and the table).',
  },
  gold: {
    term: 'gold',
    text: 'A gold rationale: the right step-by-step solution the task generator writes for a problem. Gold examples show the model plain, correct answers.',
  },
  directlyCorrect: {
    term: 'directly correct',
    text: 'A training example from an attempt the critic found correct as it was: the attempt and its “correct” feedback, with nothing to improve.',
  },
  improvementExample: {
    term: 'improvement example',
    text: 'A training example from one round of editing: an attempt, the feedback on its wrong step, and the updated answer that fixes it.',
  },
  p: {
    term: 'p',
    text: 'Improvement share: the proportion of improvement examples in each iteration’s training set; directly-correct and gold examples make up the rest in equal numbers. The reference code’s r = 1.5 is p ≈ 0.43.',
  },
  w: {
    term: 'w',
    text: 'Loss weight of the feedback and improvement tokens (from the first “Feedback:” to the end of a training text); every other token weighs 1. The paper uses w = 1.5.',
  },
  warmStart: {
    term: 'warm start',
    text: 'A model shipped with the app, already fine-tuned on gold rationales (the paper’s ft rationale model), so a run starts from a model that gets some answers right instead of from random weights. Some have also practised on their own answers with the scripted critic’s feedback: the note on the Demo page says how each was trained.',
  },
  seen: {
    term: 'seen',
    text: 'Problems of the training difficulty: TriPosT trains on this split and is evaluated on fresh problems of it.',
  },
  unseen: {
    term: 'unseen',
    text: 'Harder problems than any the model trains on (more numbers, words or steps): an out-of-domain test.',
  },
  shortcut: {
    term: 'shortcut',
    text: 'Always giving the most frequent answer of the evaluation problems, without reading the question: the score a model must beat to have learned anything.',
  },
  correct: {
    term: 'correct',
    text: 'The model’s first attempt was right: the critic found no wrong step.',
  },
  improved: {
    term: 'improved',
    text: 'The model’s attempt had an answer but a wrong step; after the critic’s feedback and improvement the answer is right.',
  },
  rewritten: {
    term: 'rewritten',
    text: 'The model’s attempt had no answer in the task’s format (noise), so there was nothing to improve: the critic wrote a right answer in its place.',
  },
  incorrect: {
    term: 'incorrect',
    text: 'Still wrong after the last round of improvement: not used for training.',
  },
  dropped: {
    term: 'dropped',
    text: 'Abandoned while editing (an unreadable attempt, a bad improvement, an endpoint that failed): not used for training.',
  },
  selfImproved: {
    term: 'self-improved',
    text: 'At evaluation the model, after its own feedback on its answer, wrote an “Updated Answer”, with no critic to help. SI.Freq is the share of questions where it did.',
  },
  siFixed: {
    term: 'fixed itself',
    text: 'The model’s first answer was wrong and its own “Updated Answer” made it right: what SI.Contrib counts.',
  },
  siBroke: {
    term: 'broke itself',
    text: 'The model’s first answer was right and its own “Updated Answer” made it wrong.',
  },
  checker: {
    term: 'checker',
    text: 'The task’s scripted critic, run on each evaluation answer afterwards to mark its first wrong step. The model never sees it: at evaluation only the model’s own feedback counts.',
  },
} satisfies Record<string, GlossaryEntry>;

export type GlossaryKey = keyof typeof GLOSSARY;

export const GLOSSARY_KEYS = Object.keys(GLOSSARY) as GlossaryKey[];

/** A glossary entry by key. */
export function gloss(key: GlossaryKey): GlossaryEntry {
  return GLOSSARY[key];
}
