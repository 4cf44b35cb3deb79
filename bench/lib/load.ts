import { Worker } from 'node:worker_threads';

/** One HTTP GET of the mix. `kind` groups requests in the per-kind breakdown. */
export interface LoadRequest {
  kind: string;
  path: string;
  headers: Record<string, string>;
}

export interface LoadOptions {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** Played in order, round-robin over all connections, so the mix holds at any duration. */
  requests: LoadRequest[];
  /** Concurrent clients: each has one keep-alive connection and one request in flight at a time. */
  connections: number;
  durationMs: number;
  /** A request that takes longer is aborted and counted as an error. */
  timeoutMs: number;
}

export interface KindResult {
  count: number;
  errors: number;
  latenciesMs: number[];
}

export interface LoadResult {
  /** From the first request to the end of the last one. */
  elapsedMs: number;
  /** Completed requests with a 2xx answer. */
  ok: number;
  /** Non-2xx answers, timeouts and connection errors. */
  errors: number;
  statuses: Record<string, number>;
  /** A few error descriptions, for the log. */
  errorSamples: string[];
  /** Latency of every completed request (ok or not), in ms. */
  latenciesMs: number[];
  byKind: Record<string, KindResult>;
}

/**
 * Drives a server from a worker thread, so the load generator has its own event loop and the server
 * under test (in the main thread) is not slowed down by it except through the shared CPUs.
 */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const host = new URL(options.baseUrl).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`The load generator only talks to 127.0.0.1 (got ${host})`);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.js', import.meta.url), { workerData: options });
    let settled = false;
    worker.once('message', (result: LoadResult) => {
      settled = true;
      resolve(result);
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`load worker exited with code ${code} before reporting`));
    });
  });
}
