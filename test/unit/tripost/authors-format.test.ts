// The authors' JSONL layouts (jasonyux/TriPosT) of a run's data: each file parses, each line has the fields their
// readers take (utils/dataset.py SelfImproveDataset, models/rl LLMEditor.log, the RL script's train_world_dset), their
// weighting rule lands where ours does, and the texts come back: split into the stored turns again.
import { describe, expect, it } from 'vitest';
import { appendTrajectories, createRun, listExamples, saveExamples, type JsonObject, type NewTrajectory, type Problem as StoredProblem, type TriPostDb } from '../../../src/store';
import { createScriptedCritic, generateProblem, injectError, mulberry32, splitTrajectory } from '../../../src/tasks';
import { AUTHORS_MANIFEST, authorsExport, type AuthorsFile } from '../../../src/tripost/authors-export';
import { DEFAULT_CONFIG, ratioFromP, type RunConfig } from '../../../src/tripost/config';
import { editTrajectory } from '../../../src/tripost/edit';
import { goldExample, postprocess } from '../../../src/tripost/postprocess';
import { freshDb } from '../store/fresh-db';

const CONFIG: RunConfig = { ...DEFAULT_CONFIG, task: 'msa', level: 'quick', iterations: 2, w: 1.5, attemptWeight: 1, minTrainExamples: 1 };
const LIMITS = { maxEditRounds: 5, maxAttemptWords: 512 };

/** Iteration 1: three problems attempted with an injected mistake (edited by the scripted critic), one right at once, one dropped. */
async function storedRun(db: TriPostDb): Promise<{ runId: number; trajectories: NewTrajectory[] }> {
  const runId = await createRun(db, 'authors export', CONFIG as unknown as JsonObject);
  const critic = createScriptedCritic();
  const problems = Array.from({ length: 5 }, (_, i) => generateProblem('msa', 'seen', 11, i, 'quick'));
  const trajectories: NewTrajectory[] = [];
  for (const [i, problem] of problems.entries()) {
    const attempt = i === 3 ? problem.rationale : injectError(problem, mulberry32(20 + i)).attempt;
    const edited = await editTrajectory(problem, attempt, critic, LIMITS);
    const dropped = i === 4 ? { kept: false, dropReason: 'incorrect after 5 rounds' } : {};
    trajectories.push({ runId, iteration: 1, task: 'msa', split: 'seen', problem: problem as unknown as StoredProblem, critic: 'script', ...edited, ...dropped });
  }
  const ids = await appendTrajectories(db, trajectories);
  const gold = Array.from({ length: 4 }, (_, i) => generateProblem('msa', 'seen', 12, i, 'quick'));
  const { examples } = postprocess(trajectories.map((t, i) => ({ ...t, id: ids[i] })), gold, { p: CONFIG.p, seed: 1, minExamples: 1 });
  await saveExamples(db, runId, 1, examples.map((e) => ({ task: 'msa', ...e })));
  return { runId, trajectories };
}

const lines = (f: AuthorsFile | undefined) => (f ? f.text.split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
const named = (files: AuthorsFile[], name: string) => files.find((f) => f.name === name);

describe("the authors' layout of a run", () => {
  it('writes one training set and one editor log per iteration that has them, the attempted problems, and a manifest', async () => {
    const db = await freshDb();
    const { runId } = await storedRun(db);
    const files = await authorsExport(db, runId);
    expect(files.map((f) => f.name).sort()).toEqual([
      'editor_log_itr0_i0.jsonl', 'multistep_arithmetic_self_improve_itr0.jsonl', 'multistep_arithmetic_world_rationale.jsonl', AUTHORS_MANIFEST,
    ].sort());
    // Their train_self_improve.py asserts these words in the paths it is given.
    expect(files[0].name).toContain('self_improve');
    expect(files[0].name).toContain('multistep_arithmetic_');
    for (const f of files) expect(f.text.endsWith('\n'), f.name).toBe(true);
  });

  it('training set: text and text_att_start_text per line; their weighting rule starts where ours does; texts round-trip', async () => {
    const db = await freshDb();
    const { runId } = await storedRun(db);
    const examples = await listExamples(db, runId, 1);
    const train = lines(named(await authorsExport(db, runId), 'multistep_arithmetic_self_improve_itr0.jsonl'));
    expect(train.length).toBe(examples.length);
    expect(new Set(examples.map((e) => e.kind))).toEqual(new Set(['improvement', 'correct', 'gold']));
    train.forEach((line, i) => {
      const e = examples[i];
      expect(Object.keys(line).sort()).toEqual(['meta_data', 'text', 'text_att_start_text']);
      expect(line.text).toBe(e.text);
      expect(line.meta_data).toEqual({ kind: e.kind, weight_from_char: e.weightFrom, trajectory_id: e.trajectoryId, playground_iteration: 1 });
      // SelfImproveDataset: weights = w from the first occurrence of text_att_start_text when it says "Feedback".
      const start: string = line.text_att_start_text;
      expect(['\nFeedback:', 'Q:']).toContain(start);
      const theirs = start.includes('Feedback') ? line.text.indexOf(start) + 1 : null;
      expect(theirs, `${e.kind} example ${i}`).toBe(e.weightFrom);
      expect(e.kind === 'gold' ? 'Q:' : '\nFeedback:').toBe(start);
      const split = splitTrajectory(line.text)!;
      expect(split.prompt.startsWith('Q: ')).toBe(true);
      expect(split.turns.length).toBe(e.kind === 'improvement' ? 2 : 1);
      expect(split.turns[0].feedback).toMatch(/^Step \(1\)/);
    });
  });

  it('editor log: original and edited per trajectory; CORRECT, the edited text (its turns come back), or none', async () => {
    const db = await freshDb();
    const { runId, trajectories } = await storedRun(db);
    const log = lines(named(await authorsExport(db, runId), 'editor_log_itr0_i0.jsonl'));
    expect(log.length).toBe(5);
    log.forEach((line, i) => {
      const t = trajectories[i];
      const prompt = String(t.problem.prompt);
      expect(Object.keys(line).sort()).toEqual(['edited', 'meta_data', 'original']);
      expect(line.meta_data).toMatchObject({ playground_iteration: 1, split: 'seen', outcome: t.outcome, kept: t.kept, critic: 'script', answer: t.problem.answer });
      expect(line.original.startsWith(`${prompt}\n${t.turns[0].attempt}`)).toBe(true);
      if (!t.kept) return expect(line.edited).toBe('none');
      if (t.outcome === 'correct') {
        expect(line.edited).toBe('CORRECT');
        expect(line.original).toBe(`${prompt}\n${t.turns[0].attempt}\nFeedback: ${t.turns[0].feedback}`);
        return;
      }
      const back = splitTrajectory(line.edited)!;
      expect(back.prompt).toBe(prompt);
      expect(back.turns).toEqual(t.turns.map(({ attempt, feedback }) => ({ attempt, feedback })));
    });
    expect(log.map((l) => (l.edited === 'CORRECT' || l.edited === 'none' ? l.edited : 'text'))).toEqual(['text', 'text', 'text', 'CORRECT', 'none']);
  });

  it('rationales: each attempted problem once, with question, rationale, answer and the structure their MSA evaluator reads', async () => {
    const db = await freshDb();
    const { runId, trajectories } = await storedRun(db);
    const world = lines(named(await authorsExport(db, runId), 'multistep_arithmetic_world_rationale.jsonl'));
    expect(world.length).toBe(5);
    world.forEach((line, i) => {
      const p = trajectories[i].problem;
      expect(line).toEqual({
        text: `${p.prompt}\n${p.rationale}`,
        text_att_start_text: '\nAnswer:',
        meta_data: { question: p.question, rationale: p.rationale, answer: p.answer, meta_data: expect.objectContaining({ split: 'train', new_split: 'train', idx: i, playground_problem_id: p.id }) },
      });
      // Two bracketed groups at this level: their [2] pairing; the numbers in a group as `length`.
      expect(line.meta_data.meta_data).toMatchObject({ depth_levels: [2], length: expect.any(Number) });
    });
  });

  it('manifest: the run, the files per iteration and the trainer flags that weigh as the run did', async () => {
    const db = await freshDb();
    const { runId } = await storedRun(db);
    const manifest = JSON.parse(named(await authorsExport(db, runId), AUTHORS_MANIFEST)!.text);
    expect(manifest.run).toMatchObject({ id: runId, config: { task: 'msa', w: 1.5 } });
    expect(manifest.iterations).toEqual([{ playground_iteration: 1, authors_itr: 0, training_set: 'multistep_arithmetic_self_improve_itr0.jsonl', examples: expect.any(Number), editor_log: 'editor_log_itr0_i0.jsonl', trajectories: 5 }]);
    expect(manifest.trainer_flags).toEqual({
      self_improve_section_weight: 1.5, mask_before_att_start_text: false, num_train_epochs: CONFIG.epochs, warmup_ratio: CONFIG.warmup,
      weight_decay: CONFIG.weightDecay, improve_data_ratio: ratioFromP(CONFIG.p!), num_iterations: 2,
    });
  });

  it('refuses a run with nothing to export, and an example weighed from elsewhere than its first feedback', async () => {
    const db = await freshDb();
    const empty = await createRun(db, 'empty', CONFIG as unknown as JsonObject);
    await expect(authorsExport(db, empty)).rejects.toThrow(/has no training set or trajectory yet: nothing to export/);
    const gold = goldExample(generateProblem('msa', 'seen', 1, 0, 'quick'));
    await saveExamples(db, empty, 1, [{ task: 'msa', ...gold, kind: 'correct', weightFrom: 3 }]);
    await expect(authorsExport(db, empty)).rejects.toThrow(/weighs from character 3, not at its first "Feedback:"/);
  });
});
