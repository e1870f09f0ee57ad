// The pipeline's stages as the Demo page names them, and what each counts.
import type { RunStage } from '../../store';

export const STAGE_NAMES: Record<RunStage, string> = {
  finetune: 'Fine-tune on gold rationales',
  edit: 'Edit trajectories',
  postprocess: 'Post-process',
  train: 'Weighted training',
  evaluate: 'Evaluate',
};

/** The unit a stage counts, singular and plural. */
export const STAGE_UNITS: Record<RunStage, [string, string]> = {
  finetune: ['step', 'steps'],
  edit: ['problem', 'problems'],
  postprocess: ['set', 'sets'],
  train: ['step', 'steps'],
  evaluate: ['problem', 'problems'],
};

/** Iteration 0 is the initial fine-tune, before TriPosT's first iteration. */
export const iterationName = (iteration: number) => (iteration === 0 ? 'before the first iteration' : `iteration ${iteration}`);
