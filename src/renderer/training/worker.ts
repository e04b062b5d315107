/** The training worker's entry: validates each message and hands it to the engine. */
import { TrainingEngine } from './engine.js';
import { parseToWorker, transferables, type FromWorker } from './protocol.js';

/** The parts of DedicatedWorkerGlobalScope used here (the renderer compiles with the DOM lib). */
interface WorkerScope {
  postMessage(message: FromWorker, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  navigator: { gpu?: GPU };
}

const scope = globalThis as unknown as WorkerScope;
const post = (m: FromWorker) => scope.postMessage(m, transferables(m));
const engine = new TrainingEngine(post, () => scope.navigator.gpu);

scope.onmessage = (event) => {
  const parsed = parseToWorker(event.data);
  if (!parsed.ok) {
    post({ type: 'error', kind: 'message', message: parsed.error });
    return;
  }
  void engine.handle(parsed.message);
};
