// One run as the Demo page shows it: its stages with progress, its loss curve, its evaluations, its
// training mix. Fed by the worker's events while it runs, and read back from the store after a reload.
import { countTrajectories, getRun, keptOfStage, listEvals, listExamples, listMetrics, runErrorOf, type RunError, type RunRecord, type RunStage, type RunStatus, type TriPostDb } from '../../store';
import { withConfigDefaults, type RunConfig } from '../../tripost/config';
import type { SiMetrics } from '../../tripost/evaluate';
import type { TrainingMix } from '../../tripost/postprocess';
import { planStages } from '../../tripost/run';
import type { WorkerEvent } from '../../worker/protocol';
import { unrecordedError, type LastRunError } from './last-run-error';
import { iterationName, STAGE_NAMES, STAGE_UNITS } from './stage-names';

export interface StageRow {
  key: string;
  iteration: number;
  stage: RunStage;
  state: 'pending' | 'active' | 'done';
  done: number;
  total: number;
  itemsPerSecond: number;
  etaSeconds: number | null;
}

export interface LossPoint {
  iteration: number;
  stage: 'finetune' | 'train';
  step: number;
  loss: number;
}

export type EvalKey = `${number}:${'seen' | 'unseen'}`;

/** An iteration's training mix: its examples of each kind. */
export type MixCounts = Pick<TrainingMix, 'improvement' | 'correct' | 'gold'>;

const stageKey = (iteration: number, stage: RunStage) => `${iteration}:${stage}`;

export const METHOD_LABELS: Record<RunConfig['method'], string> = {
  tripost: 'TriPosT',
  'ft-rationale': 'ft rationale',
  'ft-si-demo': 'ft SI-demo',
  'tripost-no-rebalance': 'TriPosT without rebalancing',
};

export class RunView {
  readonly id: number;
  readonly config: RunConfig;
  status = $state<RunStatus>('created');
  /** A worker runs it now; a run read back from the store says 'running' after a reload, though nothing runs it. */
  live = $state(false);
  stages = $state<StageRow[]>([]);
  /** Loss per optimiser step in run order (the initial fine-tune, then each iteration's training). */
  loss = $state.raw<LossPoint[]>([]);
  evals = $state.raw<Record<EvalKey, SiMetrics>>({});
  mix = $state.raw<Record<number, MixCounts>>({});
  kept = $state(0);
  dropped = $state(0);
  /** Why a failed run stopped, as the store recorded it. */
  failure = $state.raw<RunError | null>(null);

  constructor(record: Pick<RunRecord, 'id' | 'config' | 'status'>) {
    this.id = record.id;
    this.config = withConfigDefaults(record.config as unknown as RunConfig);
    this.status = record.status;
    this.stages = planStages(this.config).map(({ iteration, stage }) => ({
      key: stageKey(iteration, stage), iteration, stage, state: 'pending', done: 0, total: 0, itemsPerSecond: 0, etaSeconds: null,
    }));
  }

  get label(): string {
    return METHOD_LABELS[this.config.method];
  }

  /** The first stage not yet complete; null once every stage is. */
  get at(): { iteration: number; stage: RunStage } | null {
    const s = this.stages.find((x) => x.state !== 'done');
    return s ? { iteration: s.iteration, stage: s.stage } : null;
  }

  /** The first stage not yet complete, in words ("edit of iteration 1"); null once every stage is. */
  get position(): string | null {
    const s = this.at;
    return s ? `${s.stage}${s.iteration > 0 ? ` of iteration ${s.iteration}` : ''}` : null;
  }

  /** The first stage not yet complete, named as the timeline names it: "Weighted training (iteration 2)"; null once every stage is. */
  get stageName(): string | null {
    const s = this.stages.find((x) => x.state !== 'done');
    return s ? `${STAGE_NAMES[s.stage]} (${iterationName(s.iteration)})` : null;
  }

  /** Where in that stage it stands: "in Weighted training (iteration 2), after step 17 of 24"; null once every stage is complete. */
  get where(): string | null {
    const s = this.stages.find((x) => x.state !== 'done');
    if (!s) return null;
    const name = `${STAGE_NAMES[s.stage]} (${iterationName(s.iteration)})`;
    if (s.done <= 0 || s.total <= 0) return `at the start of ${name}`;
    return `in ${name}, after ${STAGE_UNITS[s.stage][0]} ${s.done} of ${s.total}`;
  }

  /**
   * Everything the store holds for the run: completed stages, the loss curve, evaluations; `note` is the page's
   * kept last error, for a failure the store could not record.
   */
  static async load(db: TriPostDb, runId: number, note: LastRunError | null = null): Promise<RunView> {
    const record = await getRun(db, runId);
    const view = new RunView(record);
    const unrecorded = unrecordedError(record, note);
    view.failure = runErrorOf(record.error) ?? unrecorded;
    // Its failed status was never written (storage full): it stopped with that error, not by a reload.
    if (unrecorded) view.status = 'failed';
    const last = record.lastCompleted;
    const lastIndex = last ? view.stages.findIndex((s) => s.key === stageKey(last.iteration, last.stage)) : -1;
    view.stages.forEach((s, i) => {
      if (i <= lastIndex) s.state = 'done';
    });
    const current = record.current;
    const row = current && view.stages.find((s) => s.key === stageKey(current.iteration, current.stage));
    // What the store keeps of the stage, where a resume goes on from; the last reported progress may be past it.
    // It is the stage the run stands in (active, not greyed as one to come), with no rate or ETA while it is not running.
    if (row && row.state !== 'done') Object.assign(row, { state: 'active', done: await keptOfStage(db, runId, current), total: current.total });
    const points = (await listMetrics(db, runId)).filter((m) => m.series === 'finetune/loss' || m.series === 'train/loss');
    points.sort((a, b) => a.iteration - b.iteration || a.step - b.step);
    view.loss = points.map((m) => ({ iteration: m.iteration, stage: m.series === 'finetune/loss' ? 'finetune' : 'train', step: m.step, loss: m.value }));
    const evals: Record<EvalKey, SiMetrics> = {};
    for (const e of await listEvals(db, runId)) evals[`${e.iteration}:${e.split}`] = { accuracy: e.accuracy, siFreq: e.siFreq, siContrib: e.siContrib, n: e.n };
    view.evals = evals;
    view.mix = await storedMixes(db, runId, view.stages);
    view.kept = await countTrajectories(db, { runId, kept: true });
    view.dropped = await countTrajectories(db, { runId, kept: false });
    return view;
  }

  /** The worker's events for this run. */
  apply(e: WorkerEvent): void {
    switch (e.type) {
      case 'status':
        this.status = e.status === 'stopped' ? 'paused' : e.status;
        this.live = e.status === 'running';
        return;
      case 'stage':
        this.#enter(e.iteration, e.stage);
        return;
      case 'progress': {
        const row = this.#row(e.iteration, e.stage);
        if (row) Object.assign(row, { state: 'active', done: e.done, total: e.total, itemsPerSecond: e.itemsPerSecond, etaSeconds: e.etaSeconds });
        return;
      }
      case 'loss':
        if (e.stage === 'finetune' || e.stage === 'train') this.#addLoss({ iteration: e.iteration, stage: e.stage, step: e.step, loss: e.loss });
        return;
      case 'eval':
        this.evals = { ...this.evals, [`${e.iteration}:${e.split}`]: e.metrics };
        return;
      case 'mix':
        this.mix = { ...this.mix, [e.iteration]: e.mix };
        return;
      case 'trajectory':
        if (e.kept) this.kept++;
        else this.dropped++;
        return;
    }
  }

  #row(iteration: number, stage: RunStage): StageRow | undefined {
    return this.stages.find((s) => s.key === stageKey(iteration, stage));
  }

  /** A stage starts: the ones before it are complete. */
  #enter(iteration: number, stage: RunStage): void {
    const at = this.stages.findIndex((s) => s.key === stageKey(iteration, stage));
    this.stages.forEach((s, i) => {
      if (i < at) Object.assign(s, { state: 'done', done: s.total || s.done, etaSeconds: null });
      else if (i === at) s.state = 'active';
    });
  }

  /**
   * A loss point; a training stage resumed from its checkpoint (or restarted) makes steps again from there, so points
   * of that stage at or past the new step are replaced, and the ones before it stay.
   */
  #addLoss(p: LossPoint): void {
    const redone = (q: LossPoint) => q.iteration === p.iteration && q.stage === p.stage && q.step >= p.step;
    this.loss = [...this.loss.filter((q) => !redone(q)), p];
  }

  /** After the run ends, every stage is complete. */
  finish(): void {
    this.status = 'done';
    for (const s of this.stages) Object.assign(s, { state: 'done', etaSeconds: null });
  }
}

/** The training mix of each iteration whose post-processing is complete, counted from its stored examples. */
async function storedMixes(db: TriPostDb, runId: number, stages: readonly StageRow[]): Promise<Record<number, MixCounts>> {
  const mixes: Record<number, MixCounts> = {};
  for (const s of stages.filter((x) => x.stage === 'postprocess' && x.state === 'done')) {
    const mix = { improvement: 0, correct: 0, gold: 0 };
    for (const e of await listExamples(db, runId, s.iteration)) mix[e.kind]++;
    mixes[s.iteration] = mix;
  }
  return mixes;
}
