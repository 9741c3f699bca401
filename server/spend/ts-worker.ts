/**
 * Starts a TypeScript module in a worker thread. tsx's loader hooks do not follow into workers, so the worker
 * registers tsx itself before importing the module.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads'

export function startTsWorker(moduleUrl: URL, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(moduleUrl.href)}) })`
  return new Worker(bootstrap, { eval: true, workerData, ...(resourceLimits ? { resourceLimits } : {}) })
}
