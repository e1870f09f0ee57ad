// A pipeline failure in words, with what the user can do about it.
import type { RunError } from '../../store';
import type { WorkerError } from '../../worker/protocol';
import type { ErrorText } from '../errors';

const TITLES: Partial<Record<WorkerError['name'], string>> = {
  NoWebGPU: 'This browser has no WebGPU',
  NoAdapter: 'No GPU adapter was found',
  DeviceLost: 'The GPU device was lost',
  DeviceLimitError: 'The GPU is too small for this model',
  ShaderCompileError: 'A GPU kernel did not compile',
  StorageFull: 'Storage is full',
  NotEnoughData: 'Not enough training data',
  LlmError: 'The LLM critic failed',
  LlmEndpointDown: 'The LLM endpoint does not answer',
  MissingLlmEndpoint: 'No LLM endpoint is set',
  InvalidConfig: 'The run configuration is not valid',
  NotFound: 'The run was not found',
  Busy: 'A run is already going',
};

const ADVICE: Partial<Record<WorkerError['name'], string>> = {
  NoWebGPU: 'Choose the cpu backend (slower, same results), or open the playground in a browser with WebGPU (Chrome, Edge).',
  NoAdapter: 'Choose the cpu backend, or enable hardware acceleration in the browser settings.',
  DeviceLost: 'The driver reset or another tab took the GPU. Press Resume: the run continues from its last completed stage.',
  DeviceLimitError: 'Choose a smaller model preset; for an imported model, LoRA adapters and f16 frozen weights need less (the Demo form shows what each needs); or the cpu backend.',
  ShaderCompileError: 'Choose the cpu backend; please report the browser and GPU.',
  StorageFull: 'Free space in Settings → Storage (delete old runs or clear data), then press Resume.',
  NotEnoughData: 'Too few trajectories were kept to train on: raise the training problems or the initial fine-tune epochs, or use a larger model, then run again.',
  LlmError: 'Check the endpoint in Settings → LLM endpoint (Test connection), then press Resume; finished trajectories are kept.',
  MissingLlmEndpoint: 'Set a base URL and model in Settings → LLM endpoint, or choose the scripted critic, then press Resume.',
};

export interface RunErrorText extends ErrorText {
  resumable: boolean;
}

const UNNAMED = 'The run stopped with an error';

/** The live error, or the one the store recorded (same name, words and resumability), in the banner's words. */
export function describeRunError(e: Pick<RunError, 'name' | 'message' | 'resumable'>): RunErrorText {
  // A stored name is a plain string; an unknown one (or an older record's 'Error') gets the generic title.
  const name = e.name as WorkerError['name'];
  const advice = ADVICE[name];
  return {
    title: TITLES[name] ?? UNNAMED,
    message: advice ? `${e.message} ${advice}` : e.message,
    resumable: e.resumable,
  };
}
