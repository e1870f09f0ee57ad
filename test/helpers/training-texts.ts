// Training examples as a run makes them: gold rationales, and improvement and correct examples from trajectories the
// scripted critic edited (each task's injected mistake as the attempt).
import { createScriptedCritic, generateProblem, injectError, mulberry32, type Problem, type TaskId } from '../../src/tasks';
import { editTrajectory } from '../../src/tripost/edit';
import { goldExample, splitTrajectory, type Example } from '../../src/tripost/postprocess';

/** Per problem: its gold example, then the examples its edited trajectory splits into. */
export async function trainingExamples(task: TaskId, count: number, seed = 7): Promise<Example[]> {
  const critic = createScriptedCritic();
  const out: Example[] = [];
  for (let i = 0; i < count; i++) {
    const problem: Problem = generateProblem(task, 'seen', seed, i, 'quick');
    out.push(goldExample(problem));
    const edited = await editTrajectory(problem, injectError(problem, mulberry32(seed + i)).attempt, critic, { maxEditRounds: 5, maxAttemptWords: 512 });
    out.push(...splitTrajectory({ id: i + 1, problem: problem as never, turns: edited.turns }));
  }
  return out;
}
