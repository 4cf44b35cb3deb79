import { Controller, Get, Header } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { Public } from '../common/auth/auth.decorators.js';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'luodi_' });

const httpDuration = new Histogram({
  name: 'luodi_http_request_duration_seconds',
  help: 'HTTP request duration by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

/** Times every request by its route pattern (never the raw URL, which would explode label cardinality). */
export function instrumentFastify(fastify: FastifyInstance) {
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
}

@ApiTags('health')
@Public()
@Controller('metrics')
export class MetricsController {
  /** Prometheus text exposition. */
  @Get()
  @Header('content-type', registry.contentType)
  metrics() {
    return registry.metrics();
  }
}
