// A small batch of edited trajectories for the post-processing step: gold rationales (directly correct) and
// gold rationales with one injected mistake (fixed by the scripted critic), so the mix is meaningful for any model.
// It is made without the model, and the page says so.
import { createScriptedCritic, generateProblem, generateProblems, injectError, mulberry32, type Level, type Problem, type TaskId } from '../../tasks';
import { editTrajectory } from '../../tripost/edit';
import { postprocess, type TrainingMix } from '../../tripost/postprocess';
import type { Trajectory } from '../../store';

export type SampleTrajectory = Pick<Trajectory, 'id' | 'problem' | 'turns' | 'kept'>;

export interface SampleBatch {
  trajectories: SampleTrajectory[];
  gold: Problem[];
}

export async function sampleBatch(task: TaskId, n: number, level: Level = 'paper'): Promise<SampleBatch> {
  const critic = createScriptedCritic();
  const rng = mulberry32(13);
  const problems = Array.from({ length: n }, (_, i) => generateProblem(task, 'seen', 13, i, level));
  const trajectories = await Promise.all(
    problems.map(async (problem, i) => {
      // One in three answers right at once; the rest carry one mistake for the critic to fix.
      const attempt = i % 3 === 0 ? problem.rationale : injectError(problem, rng).attempt;
      const edited = await editTrajectory(problem, attempt, critic, { maxEditRounds: 5, maxAttemptWords: 512 });
      return { id: i + 1, problem: problem as unknown as Trajectory['problem'], turns: edited.turns, kept: edited.kept };
    }),
  );
  // Gold rationales of other problems: those of the batch's own problems repeat its correct answers and are deduplicated away.
  return { trajectories, gold: generateProblems(task, 'seen', n, 14, level) };
}

/** The training mix for proportion p (null: no rebalancing). */
export function mixFor(batch: SampleBatch, p: number | null): TrainingMix {
  return postprocess(batch.trajectories, batch.gold, { p, seed: 5, minExamples: 0 }).mix;
}
