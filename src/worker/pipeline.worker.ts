// The dedicated module worker the UI starts: WebGPU and IndexedDB both work here, off the main thread.
import { PipelineController } from './controller';
import type { WorkerEvent, WorkerRequest } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const controller = new PipelineController((e: WorkerEvent) => scope.postMessage(e));

scope.onmessage = (message: MessageEvent<WorkerRequest>) => {
  void controller.handle(message.data);
};
