// Running a stored run in a test and keeping its events: to the end, or until Stop is pressed at a chosen event; and
// the loss events as `stage step`, to compare an interrupted run's steps with an unbroken one's.
import { expect } from 'vitest';
import type { PipelineDeps } from '../../src/tripost/context';
import type { PipelineEvent } from '../../src/tripost/events';
import { runPipeline } from '../../src/tripost/run';

/** Loss events as `stage step`, in order. */
export function lossSteps(events: PipelineEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'loss' ? [`${e.stage} ${e.step}`] : []));
}

/** Runs the run to its end; its events. */
export async function runToEnd(runId: number, deps: PipelineDeps): Promise<PipelineEvent[]> {
  const events: PipelineEvent[] = [];
  await runPipeline(runId, { ...deps, events: (e) => events.push(e) });
  return events;
}

/** Runs the run and presses Stop when `at` says so (the run ends with AbortError); the events until then. */
export async function stopRunAt(runId: number, deps: PipelineDeps, at: (e: PipelineEvent) => boolean): Promise<PipelineEvent[]> {
  const stop = new AbortController();
  const events: PipelineEvent[] = [];
  const watch = (e: PipelineEvent) => {
    events.push(e);
    if (at(e)) stop.abort();
  };
  await expect(runPipeline(runId, { ...deps, signal: stop.signal, events: watch })).rejects.toMatchObject({ name: 'AbortError' });
  return events;
}

/** The factory's engines die on their `step`-th training step, as a killed tab would: no Stop, so nothing is saved then. */
export function dyingAtStep(create: PipelineDeps['createEngine'], step: number): PipelineDeps['createEngine'] {
  return async (model, seed, lora) => {
    const engine = await create(model, seed, lora);
    let steps = 0;
    const trainStep = engine.trainStep.bind(engine);
    engine.trainStep = (batch, hyper) => (++steps === step ? Promise.reject(new Error('killed')) : trainStep(batch, hyper));
    return engine;
  };
}
