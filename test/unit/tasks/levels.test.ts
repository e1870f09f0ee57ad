// Difficulty levels: the paper level is exactly the generators from before levels existed (pinned below from
// commit e4a8c28), unseen stays harder than seen at every level, levels grow easy ≤ quick ≤ paper, gold is gold.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  LEVELS,
  SPLITS,
  TASK_IDS,
  generateProblem,
  generateProblems,
  isCorrectAnswer,
  isLevel,
  levelOf,
  scriptedFeedback,
  type Level,
  type Problem,
  type Split,
  type TaskId,
} from '../../../src/tasks/index';
import { MSA_LEVELS } from '../../../src/tasks/msa/problem';
import { WS_LEVELS } from '../../../src/tasks/ws/problem';
import { DU_LEVELS } from '../../../src/tasks/du/problem';
import { LD_LEVELS } from '../../../src/tasks/ld/problem';

/** Output of `generateProblems(task, split, 3, 1)` at commit e4a8c28 (before levels): ids, questions, answers. */
const PINNED: Record<string, { id: string; question: string; answer: string }[]> = {
  'msa/seen': [
    { id: 'msa-seen-1-0', question: '((0 * 4 * 4 + 7) + (8 + -7 + 8)) =', answer: '16' },
    { id: 'msa-seen-1-1', question: '((0 * 9 * 6 * -7) - (0 + 5 * 7 + 7)) =', answer: '-42' },
    { id: 'msa-seen-1-2', question: '((-2 + -3 - -9 * 2) - (-7 - -4 - -6 + 4)) =', answer: '6' },
  ],
  'msa/unseen': [
    { id: 'msa-unseen-1-0', question: '((9 - 1 - -2 + -7 * 6 - 9) * (1 - -4 - 2 - 4 - -6)) =', answer: '-205' },
    { id: 'msa-unseen-1-1', question: '(((-6 + -6 * -6 - -6) + (0 - 5 - 7 - -8)) * (-3 + -1 - 7)) =', answer: '-352' },
    { id: 'msa-unseen-1-2', question: '(((7 * -2 * -1) + (-9 - 3 + 9 + -3)) - (-8 - 7 - 8 + -8)) =', answer: '39' },
  ],
  'ws/seen': [
    { id: 'ws-seen-1-0', question: 'Sort the following words alphabetically:\nList: train change crazy puppet rigid', answer: 'change crazy puppet rigid train' },
    { id: 'ws-seen-1-1', question: 'Sort the following words alphabetically:\nList: circuit lagoon', answer: 'circuit lagoon' },
    { id: 'ws-seen-1-2', question: 'Sort the following words alphabetically:\nList: modify silver upgrade', answer: 'modify silver upgrade' },
  ],
  'ws/unseen': [
    {
      id: 'ws-unseen-1-0',
      question:
        'Sort the following words alphabetically:\nList: digital sorry quick asleep scan fantasy risk grand radar fog involve pretty share either figure kidney slim this desire section',
      answer: 'asleep desire digital either fantasy figure fog grand involve kidney pretty quick radar risk scan section share slim sorry this',
    },
    {
      id: 'ws-unseen-1-1',
      question:
        'Sort the following words alphabetically:\nList: parcel only radar join line brand various fringe purity recycle actress ceiling tuna magic need amateur doctor bend trout',
      answer: 'actress amateur bend brand ceiling doctor fringe join line magic need only parcel purity radar recycle trout tuna various',
    },
    {
      id: 'ws-unseen-1-2',
      question: 'Sort the following words alphabetically:\nList: break tunnel spirit bind visual huge basket wrench icon',
      answer: 'basket bind break huge icon spirit tunnel visual wrench',
    },
  ],
  'du/seen': [
    {
      id: 'du-seen-1-0',
      question:
        'Today is Jul 23, 1973. What is the date 13 days after today in MM/DD/YYYY?\nOptions:\n(A) 08/05/1972\n(B) 07/29/1973\n(C) 08/05/1973\n(D) 08/06/1973\n(E) 08/12/1973\n(F) 07/23/1973',
      answer: '(C)',
    },
    {
      id: 'du-seen-1-1',
      question:
        'Today is May 11, 1983. What is the date 2 days before today in MM/DD/YYYY?\nOptions:\n(A) 05/10/1983\n(B) 05/09/1982\n(C) 05/08/1984\n(D) 05/11/1983\n(E) 06/08/1983\n(F) 05/09/1983',
      answer: '(F)',
    },
    {
      id: 'du-seen-1-2',
      question:
        'Yesterday was 04/19/1957. What is the date 29 days before today in MM/DD/YYYY?\nOptions:\n(A) 03/22/1956\n(B) 03/24/1957\n(C) 02/20/1957\n(D) 03/21/1957\n(E) 03/15/1957\n(F) 03/22/1957',
      answer: '(F)',
    },
  ],
  'du/unseen': [
    {
      id: 'du-unseen-1-0',
      question:
        'Today is Aug 11, 2004. The meeting is 4 weeks after today. The trip is 22 days after the meeting. What is the date 27 days after the trip in MM/DD/YYYY?\nOptions:\n(A) 08/11/2004\n(B) 10/28/2004\n(C) 10/26/2004\n(D) 11/26/2004\n(E) 10/29/2004\n(F) 10/27/2004',
      answer: '(F)',
    },
    {
      id: 'du-unseen-1-1',
      question:
        'Yesterday was Nov 4, 2009. The concert is 14 days before today. The trip is 26 days after the concert. What is the date 1 day after the trip in MM/DD/YYYY?\nOptions:\n(A) 11/11/2009\n(B) 11/18/2009\n(C) 11/25/2009\n(D) 11/19/2009\n(E) 11/18/2010\n(F) 11/05/2009',
      answer: '(B)',
    },
    {
      id: 'du-unseen-1-2',
      question:
        'Tomorrow is 11/23/1962. The exam is 23 days after today. The party is 5 days after the exam. What is the date 7 days before the party in MM/DD/YYYY?\nOptions:\n(A) 12/13/1963\n(B) 12/13/1962\n(C) 12/06/1962\n(D) 11/13/1962\n(E) 12/20/1962\n(F) 12/13/1961',
      answer: '(B)',
    },
  ],
  'ld/seen': [
    {
      id: 'ld-seen-1-0',
      question:
        'In a golf tournament, there were three golfers: Mel, Ana, and Ada. Ada finished below Ana. Mel finished second.\nOptions:\n(A) Mel finished second\n(B) Ana finished second\n(C) Ada finished second',
      answer: '(A)',
    },
    {
      id: 'ld-seen-1-1',
      question:
        'On a shelf, there are five books: a red book, a purple book, a blue book, a yellow book, and a brown book. The brown book is the rightmost. The blue book is to the right of the yellow book. The purple book is to the right of the red book. The yellow book is the second from the left. The purple book is to the left of the blue book.\nOptions:\n(A) The red book is the rightmost\n(B) The purple book is the rightmost\n(C) The blue book is the rightmost\n(D) The yellow book is the rightmost\n(E) The brown book is the rightmost',
      answer: '(E)',
    },
    {
      id: 'ld-seen-1-2',
      question:
        'On a shelf, there are five books: a black book, a blue book, a red book, a purple book, and a brown book. The purple book is to the right of the black book. The purple book is the rightmost. The blue book is the second from the right. The red book is the second from the left. The red book is to the left of the brown book.\nOptions:\n(A) The black book is the second from the left\n(B) The blue book is the second from the left\n(C) The red book is the second from the left\n(D) The purple book is the second from the left\n(E) The brown book is the second from the left',
      answer: '(C)',
    },
  ],
  'ld/unseen': [
    {
      id: 'ld-unseen-1-0',
      question:
        'In a golf tournament, there were seven golfers: Dan, Mya, Tom, Ana, Joe, Kim, and Sam. Dan finished third-to-last. Sam finished last. Kim finished fourth. Kim finished below Ana. Joe finished first. Ana finished second. Tom finished third.\nOptions:\n(A) Dan finished third\n(B) Mya finished third\n(C) Tom finished third\n(D) Ana finished third\n(E) Joe finished third\n(F) Kim finished third\n(G) Sam finished third',
      answer: '(C)',
    },
    {
      id: 'ld-unseen-1-1',
      question:
        'In a golf tournament, there were seven golfers: Sam, Tom, Dan, Mel, Amy, Mya, and Rob. Tom finished below Dan. Amy finished below Mel. Mel finished fourth. Tom finished third. Rob finished second-to-last. Sam finished above Dan. Mya finished below Amy.\nOptions:\n(A) Sam finished last\n(B) Tom finished last\n(C) Dan finished last\n(D) Mel finished last\n(E) Amy finished last\n(F) Mya finished last\n(G) Rob finished last',
      answer: '(F)',
    },
    {
      id: 'ld-unseen-1-2',
      question:
        'On a shelf, there are seven books: a green book, a purple book, a blue book, a brown book, a gray book, a orange book, and a yellow book. The brown book is to the right of the yellow book. The brown book is the third from the left. The green book is to the left of the gray book. The green book is to the right of the blue book. The purple book is the fourth from the left. The blue book is to the right of the orange book. The yellow book is to the left of the orange book.\nOptions:\n(A) The green book is the third from the right\n(B) The purple book is the third from the right\n(C) The blue book is the third from the right\n(D) The brown book is the third from the right\n(E) The gray book is the third from the right\n(F) The orange book is the third from the right\n(G) The yellow book is the third from the right',
      answer: '(C)',
    },
  ],
};

/** Gold rationales from e4a8c28 for one problem per task. */
const PINNED_RATIONALES: [TaskId, Split, number, string][] = [
  [
    'msa',
    'seen',
    0,
    '(1) This equation is "(A + B)" with A = (0 * 4 * 4 + 7) and B = (8 + -7 + 8).\n(2) Let\'s calculate A = (0 * 4 * 4 + 7) = (0 * 4 + 7) = (0 + 7) = 7.\n(3) Let\'s calculate B = (8 + -7 + 8) = (1 + 8) = 9.\n(4) Finally, (A + B) = (7 + 9) = 16.\n(Final response) So the answer is 16.',
  ],
  ['ws', 'seen', 1, '(1) By letter 1: circuit=c(3) lagoon=l(12).\n(2) Order: (3)circuit < (12)lagoon.\n(Final response) So the answer is: circuit lagoon.'],
  [
    'du',
    'unseen',
    0,
    '(1) Today is 08/11/2004.\n(2) The meeting is 4 weeks after today, so it is 09/08/2004.\n(3) The trip is 22 days after the meeting, so it is 09/30/2004.\n(4) The date 27 days after the trip is 10/27/2004.\n(Final response) So the answer is (F).',
  ],
  [
    'ld',
    'seen',
    0,
    '(1) Ada finished below Ana: "?? Ana ?? Ada ??".\n(2) Mel finished second: "? Mel ??".\n(3) All together: "Ana Mel Ada".\n(Final response) Mel finished second. So the answer is (A).',
  ],
];

/**
 * sha256 (first 16 hex digits) of the key-sorted JSON of `generateProblems(task, split, 50, 42)` at e4a8c28:
 * every field (ids, questions, rationales, answers, data) of 50 problems per task and split.
 */
const PINNED_DIGESTS: Record<string, string> = {
  'msa/seen': 'bfc31735c81fb429',
  'msa/unseen': '7ce3f343044adc29',
  'ws/seen': 'fe880b8c2f0cb260',
  'ws/unseen': '7480481781f9f547',
  'du/seen': 'ea3339ff17d8b2dd',
  'du/unseen': 'aa4e0a115104a887',
  'ld/seen': '018c432fd87bfc1f',
  'ld/unseen': '420a05259ea00f9c',
};

const canon = (x: unknown): unknown =>
  Array.isArray(x)
    ? x.map(canon)
    : x && typeof x === 'object'
      ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, canon((x as Record<string, unknown>)[k])]))
      : x;
const digest = (x: unknown) => createHash('sha256').update(JSON.stringify(canon(x))).digest('hex').slice(0, 16);

const COMBOS: [TaskId, Split][] = TASK_IDS.flatMap((t) => SPLITS.map((s) => [t, s] as [TaskId, Split]));

describe('the paper level is the generators from before levels existed', () => {
  it.each(COMBOS)('%s %s: pinned ids, questions and answers (seed 1, problems 0..2)', (task, split) => {
    const want = PINNED[`${task}/${split}`];
    for (const problems of [generateProblems(task, split, 3, 1, 'paper'), generateProblems(task, split, 3, 1)]) {
      expect(problems.map(({ id, question, answer }) => ({ id, question, answer }))).toEqual(want);
    }
  });

  it.each(COMBOS)('%s %s: every field of 50 problems (seed 42) matches the pinned digest', (task, split) => {
    expect(digest(generateProblems(task, split, 50, 42, 'paper'))).toBe(PINNED_DIGESTS[`${task}/${split}`]);
  });

  it('pinned gold rationales', () => {
    for (const [task, split, index, rationale] of PINNED_RATIONALES) expect(generateProblem(task, split, 1, index, 'paper').rationale).toBe(rationale);
  });
});

/** The size a task grows by: numbers (MSA), words (WS), events (DU), objects (LD). */
function measure(p: Problem): number {
  switch (p.task) {
    case 'msa':
      return p.data.groups.join(' ').match(/\d+/g)!.length;
    case 'ws':
      return p.data.words.length;
    case 'du':
      return p.data.events.length;
    case 'ld':
      return p.data.objects.length;
  }
}

/** The measure's range a level's shape allows for a split. */
function declaredRange(task: TaskId, level: Level, split: Split): [number, number] {
  switch (task) {
    case 'msa': {
      const forms = MSA_LEVELS[level][split];
      return [Math.min(...forms.map((f) => f.groups * f.size[0])), Math.max(...forms.map((f) => f.groups * f.size[1]))];
    }
    case 'ws':
      return WS_LEVELS[level][split];
    case 'du':
      return [DU_LEVELS[level][split][0], DU_LEVELS[level][split][1]];
    case 'ld':
      return [Math.min(...LD_LEVELS[level][split]), Math.max(...LD_LEVELS[level][split])];
  }
}

const cache = new Map<string, Problem[]>();
function problems(task: TaskId, level: Level, split: Split, n = 50): Problem[] {
  const key = `${task}/${level}/${split}/${n}`;
  if (!cache.has(key)) cache.set(key, generateProblems(task, split, n, 1, level));
  return cache.get(key)!;
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const CASES: [TaskId, Level][] = TASK_IDS.flatMap((t) => LEVELS.map((l) => [t, l] as [TaskId, Level]));

describe.each(CASES)('%s at the %s level', (task, level) => {
  it('unseen problems are all larger than the largest seen one, within the level\'s declared ranges', () => {
    const seen = problems(task, level, 'seen').map(measure);
    const unseen = problems(task, level, 'unseen').map(measure);
    const [sLo, sHi] = declaredRange(task, level, 'seen');
    const [uLo, uHi] = declaredRange(task, level, 'unseen');
    expect(uLo).toBeGreaterThan(sHi); // the shape itself puts unseen above seen
    for (const m of seen) {
      expect(m).toBeGreaterThanOrEqual(sLo);
      expect(m).toBeLessThanOrEqual(sHi);
    }
    for (const m of unseen) {
      expect(m).toBeGreaterThanOrEqual(uLo);
      expect(m).toBeLessThanOrEqual(uHi);
    }
    expect(Math.min(...unseen)).toBeGreaterThan(Math.max(...seen));
    // A split with a range draws more than one size.
    if (uHi > uLo) expect(new Set(unseen).size).toBeGreaterThan(1);
    if (sHi > sLo) expect(new Set(seen).size).toBeGreaterThan(1);
  });

  it('every gold rationale is judged correct by the script and has the right answer', () => {
    for (const split of SPLITS) {
      for (const p of problems(task, level, split)) {
        expect(scriptedFeedback(p, p.rationale), p.id).toEqual({ kind: 'correct' });
        expect(isCorrectAnswer(p, p.rationale), p.id).toBe(true);
        expect(p.split).toBe(split);
        expect(p.task).toBe(task);
      }
    }
  });

  it('ids name the level except at the paper level; problems are deterministic per (task, level, split, seed, index)', () => {
    for (const split of SPLITS) {
      const ps = problems(task, level, split);
      ps.forEach((p, i) => expect(p.id).toBe(level === 'paper' ? `${task}-${split}-1-${i}` : `${task}-${level}-${split}-1-${i}`));
      expect(new Set(ps.map((p) => p.id)).size).toBe(ps.length);
      // Problem i alone equals problem i of the set, and again equals again.
      for (const i of [0, 17, 49]) expect(generateProblem(task, split, 1, i, level)).toEqual(ps[i]);
      expect(generateProblems(task, split, 50, 1, level)).toEqual(ps);
      // Another seed gives other problems.
      expect(generateProblems(task, split, 10, 2, level).map((p) => p.question)).not.toEqual(ps.slice(0, 10).map((p) => p.question));
    }
  });
});

describe('levels grow easy ≤ quick ≤ paper', () => {
  it.each(TASK_IDS)('%s: average size on each split', (task) => {
    for (const split of SPLITS) {
      const [easy, quick, paper] = LEVELS.map((l) => mean(problems(task, l, split).map(measure)));
      expect(easy, split).toBeLessThanOrEqual(quick);
      expect(quick, split).toBeLessThanOrEqual(paper);
    }
    // Somewhere the paper level is strictly bigger than the easy one (DU grows on unseen only).
    const grows = SPLITS.some((s) => mean(problems(task, 'paper', s).map(measure)) > mean(problems(task, 'easy', s).map(measure)));
    expect(grows).toBe(true);
  });

  it('the levels are different problem sets for the same seed', () => {
    for (const task of TASK_IDS) {
      const q = (l: Level) => problems(task, l, 'seen').map((p) => p.question);
      expect(q('easy')).not.toEqual(q('quick'));
      expect(q('quick')).not.toEqual(q('paper'));
    }
  });

  it('DU offsets stay within each level\'s longest offset', () => {
    for (const level of LEVELS) {
      const { maxDays } = DU_LEVELS[level];
      for (const split of SPLITS) for (const p of problems('du', level, split)) for (const e of (p as Extract<Problem, { task: 'du' }>).data.events) {
        expect(Math.abs(e.offset), p.id).toBeLessThanOrEqual(maxDays);
      }
    }
    expect(DU_LEVELS.easy.maxDays).toBeLessThanOrEqual(DU_LEVELS.quick.maxDays);
    expect(DU_LEVELS.quick.maxDays).toBeLessThanOrEqual(DU_LEVELS.paper.maxDays);
  });
});

describe('MSA numbers and operators per level', () => {
  const numbers = (p: Problem) => p.question.match(/-?\d+/g)!.map(Number);

  it('quick: only + and -, numbers within -9..9', () => {
    for (const split of SPLITS) {
      const ps = problems('msa', 'quick', split);
      for (const p of ps) {
        expect(p.question, p.id).not.toContain('*');
        expect(p.rationale, p.id).not.toContain('*');
        for (const n of numbers(p)) expect(Math.abs(n), p.id).toBeLessThanOrEqual(9);
      }
      // Negative numbers do occur, so the range check is not only checking 0..9.
      expect(ps.some((p) => numbers(p).some((n) => n < 0))).toBe(true);
    }
  });

  it('easy: only + and -, numbers within 0..9', () => {
    for (const split of SPLITS) {
      for (const p of problems('msa', 'easy', split)) {
        expect(p.question, p.id).not.toContain('*');
        for (const n of numbers(p)) {
          expect(n, p.id).toBeGreaterThanOrEqual(0);
          expect(n, p.id).toBeLessThanOrEqual(9);
        }
      }
    }
  });

  it('paper: multiplication does occur', () => {
    expect(problems('msa', 'paper', 'seen').some((p) => p.question.includes('*'))).toBe(true);
  });
});

describe('level names', () => {
  it('levelOf reads a stored config from before levels as the paper level', () => {
    expect(levelOf(undefined)).toBe('paper');
    expect(levelOf(null)).toBe('paper');
    expect(levelOf('hard')).toBe('paper');
    expect(levelOf('easy')).toBe('easy');
    expect(levelOf('quick')).toBe('quick');
    expect(levelOf('paper')).toBe('paper');
  });

  it('isLevel knows exactly the three levels', () => {
    expect(LEVELS).toEqual(['easy', 'quick', 'paper']);
    for (const l of LEVELS) expect(isLevel(l)).toBe(true);
    for (const x of ['Easy', 'QUICK', '', 'medium', 1, null, undefined, {}]) expect(isLevel(x)).toBe(false);
  });
});
