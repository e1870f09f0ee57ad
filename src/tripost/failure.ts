// Any failure of a run as the UI and the store see it: a known name, words for the user without the API key,
// whether resuming can help, and an LLM failure's kind. The worker reports it; the pipeline records it.
import { redact } from '../llm/secrets';
import { LlmError } from '../llm/errors';
import { LlmEndpointDown } from '../llm/endpoint-down';

export type FailureName =
  | 'NoWebGPU'
  | 'NoAdapter'
  | 'DeviceLost'
  | 'DeviceLimitError'
  | 'ShaderCompileError'
  | 'StorageFull'
  | 'NotEnoughData'
  | 'LlmError'
  | 'LlmEndpointDown'
  | 'MissingLlmEndpoint'
  | 'InvalidConfig'
  | 'NotFound'
  | 'Busy'
  | 'Error';

export interface Failure {
  name: FailureName;
  /** For the user: what happened and what to do; never contains the API key. */
  message: string;
  /** LLM failures: unauthorized, unreachable, timeout, rate-limited, quota… */
  llmKind?: string;
  /** Whether `resume` with the same run id may succeed (e.g. after a device loss or freeing storage). */
  resumable: boolean;
}

/** Errors the UI knows by name; anything else is reported as a plain 'Error' with its message. */
const KNOWN: ReadonlySet<string> = new Set<FailureName>([
  'NoWebGPU', 'NoAdapter', 'DeviceLost', 'DeviceLimitError', 'ShaderCompileError', 'StorageFull', 'NotEnoughData',
  'LlmError', 'LlmEndpointDown', 'MissingLlmEndpoint', 'InvalidConfig', 'NotFound', 'Busy',
]);

/** Failures after which the stored run can continue from its last completed stage. */
const RESUMABLE: ReadonlySet<string> = new Set(['DeviceLost', 'StorageFull', 'LlmError', 'LlmEndpointDown', 'MissingLlmEndpoint']);

export function toFailure(err: unknown, apiKey?: string): Failure {
  const e = err instanceof Error ? err : new Error(String(err));
  // Run config validation throws plain Errors that start with this phrase.
  const name = (KNOWN.has(e.name) ? e.name : e.message.startsWith('Run config:') ? 'InvalidConfig' : 'Error') as FailureName;
  const out: Failure = { name, message: redact(e.message || e.name, apiKey), resumable: RESUMABLE.has(name) };
  if (e instanceof LlmError) {
    out.llmKind = e.kind;
    // Settings the user must fix first; the run itself is intact.
    out.resumable = true;
  }
  if (e instanceof LlmEndpointDown) out.llmKind = e.last.kind;
  return out;
}
