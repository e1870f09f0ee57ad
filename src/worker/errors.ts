// Any failure inside the worker as a WorkerError the UI can show: a known name, words for the user, no secret.
import { redact } from '../llm/secrets';
import { LlmError } from '../llm/errors';
import { LlmEndpointDown } from '../llm/endpoint-down';
import type { WorkerError, WorkerErrorName } from './protocol';

/** Errors the UI knows by name; anything else is reported as a plain 'Error' with its message. */
const KNOWN: ReadonlySet<string> = new Set<WorkerErrorName>([
  'NoWebGPU', 'NoAdapter', 'DeviceLost', 'DeviceLimitError', 'ShaderCompileError', 'StorageFull', 'NotEnoughData',
  'LlmError', 'LlmEndpointDown', 'MissingLlmEndpoint', 'InvalidConfig', 'NotFound', 'Busy',
]);

/** Failures after which the stored run can continue from its last completed stage. */
const RESUMABLE: ReadonlySet<string> = new Set(['DeviceLost', 'StorageFull', 'LlmError', 'LlmEndpointDown', 'MissingLlmEndpoint']);

export function toWorkerError(err: unknown, apiKey?: string): WorkerError {
  const e = err instanceof Error ? err : new Error(String(err));
  // Run config validation throws plain Errors that start with this phrase.
  const name = (KNOWN.has(e.name) ? e.name : e.message.startsWith('Run config:') ? 'InvalidConfig' : 'Error') as WorkerErrorName;
  const out: WorkerError = { name, message: redact(e.message || e.name, apiKey), resumable: RESUMABLE.has(name) };
  if (e instanceof LlmError) {
    out.llmKind = e.kind;
    // Settings the user must fix first; the run itself is intact.
    out.resumable = true;
  }
  if (e instanceof LlmEndpointDown) out.llmKind = e.last.kind;
  return out;
}
