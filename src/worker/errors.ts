// Any failure inside the worker as a WorkerError the UI can show: the same words the pipeline stores for a failed run.
export { toFailure as toWorkerError } from '../tripost/failure';
