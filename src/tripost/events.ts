// Events a run emits: the worker forwards them to the UI, the CLI draws progress bars from them.
import type { Outcome, RunStage } from '../store';
import type { SiMetrics } from './evaluate';
import type { TrainingMix } from './postprocess';

export type PipelineEvent =
  | { type: 'stage'; iteration: number; stage: RunStage }
  | { type: 'progress'; iteration: number; stage: RunStage; done: number; total: number; itemsPerSecond: number; etaSeconds: number | null }
  | { type: 'loss'; iteration: number; stage: RunStage; step: number; total: number; loss: number; lr: number; gradNorm: number }
  | { type: 'trajectory'; iteration: number; id: number; problemId: string; outcome: Outcome; kept: boolean; rounds: number; dropReason?: string }
  | { type: 'mix'; iteration: number; mix: TrainingMix; tooLong: number }
  | { type: 'eval'; iteration: number; split: 'seen' | 'unseen'; metrics: SiMetrics }
  | { type: 'log'; message: string };
