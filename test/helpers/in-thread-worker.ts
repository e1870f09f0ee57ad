// The pipeline worker's controller run in the page behind a Worker-shaped object, for tests that must reach
// inside it (e.g. a database that fails like a full disk); messages are cloned and delivered later, as a worker's are.
import { PipelineController, type ControllerOptions } from '../../src/worker/controller';
import type { WorkerEvent, WorkerRequest } from '../../src/worker/protocol';

/** `tap` sees every event as the controller posts it, before the client does. */
export function inThreadWorker(options: ControllerOptions, tap: (e: WorkerEvent) => void = () => undefined): Worker {
  const worker = {
    onmessage: null as ((m: MessageEvent<WorkerEvent>) => void) | null,
    onerror: null as ((e: ErrorEvent) => void) | null,
    postMessage(req: WorkerRequest) {
      void controller.handle(structuredClone(req));
    },
    terminate() {},
  };
  const controller = new PipelineController((e) => {
    tap(e);
    const data = structuredClone(e);
    setTimeout(() => worker.onmessage?.(new MessageEvent('message', { data })), 0);
  }, options);
  return worker as unknown as Worker;
}
