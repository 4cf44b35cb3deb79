import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import type { KindResult, LoadOptions, LoadRequest, LoadResult } from './load.js';

/**
 * The closed-loop load generator: `connections` clients, each sending its next request as soon as the
 * previous answer has been read in full, until the duration is over (requests in flight then finish).
 */
async function main(options: LoadOptions): Promise<LoadResult> {
  const base = new URL(options.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections });
  const result: LoadResult = { elapsedMs: 0, ok: 0, errors: 0, statuses: {}, errorSamples: [], latenciesMs: [], byKind: {} };
  let next = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;

  const send = (req: LoadRequest): Promise<number> =>
    new Promise((resolve, reject) => {
      const r = http.request(
        { host: base.hostname, port: base.port, path: req.path, method: 'GET', headers: req.headers, agent },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      r.setTimeout(options.timeoutMs, () => r.destroy(new Error(`no answer in ${options.timeoutMs} ms`)));
      r.on('error', reject);
      r.end();
    });

  const record = (req: LoadRequest, ms: number, ok: boolean, status: string, detail?: string) => {
    const kind = (result.byKind[req.kind] ??= { count: 0, errors: 0, latenciesMs: [] } satisfies KindResult);
    kind.count++;
    kind.latenciesMs.push(ms);
    result.latenciesMs.push(ms);
    result.statuses[status] = (result.statuses[status] ?? 0) + 1;
    if (ok) {
      result.ok++;
    } else {
      result.errors++;
      kind.errors++;
      if (result.errorSamples.length < 5) result.errorSamples.push(`${status} ${req.path}${detail ? ` (${detail})` : ''}`);
    }
  };

  const client = async () => {
    // Bounded by the deadline; each request by the timeout.
    while (performance.now() < deadline) {
      const req = options.requests[next++ % options.requests.length];
      const t0 = performance.now();
      try {
        const status = await send(req);
        record(req, performance.now() - t0, status >= 200 && status < 300, String(status));
      } catch (error) {
        record(req, performance.now() - t0, false, 'network', (error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, client));
  result.elapsedMs = performance.now() - started;
  agent.destroy();
  return result;
}

main(workerData as LoadOptions).then(
  (result) => parentPort!.postMessage(result),
  (error: unknown) => {
    throw error;
  },
);
