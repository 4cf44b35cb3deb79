import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import type { ProjectFamily, Stage } from '#domain';
import { buildProjectListQuery, type ProjectListFilter, type ProjectListRow, type ProjectSort } from '#persistence';
import { toProjectListItem } from '../../apps/api/src/projects/project.response.js';

/** Who a bearer token stands for, known up front: the baseline does no authentication work. */
export type ScopeByToken = Map<string, string | null>;

/** Query string → the same filter the API's ProjectsService builds (no validation: the mix is known to be valid). */
export function filterFromQuery(query: Record<string, string | undefined>, unitPaths: Map<string, string>): ProjectListFilter {
  return {
    stages: query.stage ? (query.stage.split(',') as Stage[]) : undefined,
    unitPath: query.unitId ? unitPaths.get(query.unitId) : undefined,
    clusterId: query.clusterId,
    listId: query.listId,
    family: query.family as ProjectFamily | undefined,
    q: query.q,
    minInvestment: query.minInvestment,
    sort: query.sort as ProjectSort | undefined,
    page: query.page ? Number(query.page) : 1,
    pageSize: query.pageSize ? Number(query.pageSize) : 20,
  };
}

export interface BareServer {
  url: string;
  close: () => Promise<void>;
}

/**
 * The baseline: bare Fastify + pg answering GET /api/v1/projects with exactly the statements the API runs
 * (`buildProjectListQuery`, page and count in parallel on a pool of the same size) and the same JSON.
 * What it leaves out, on purpose, is everything around the SQL that the API does: JWT verification and
 * the user + unit lookup of the auth guard, the unit lookup for `unitId`, DTO validation and
 * transformation, Nest's guard/pipe/interceptor/filter pipeline and the metrics hook. Unit paths and
 * token scopes are read once at start-up.
 */
export async function startBareServer(databaseUrl: string, poolSize: number, scopes: ScopeByToken): Promise<BareServer> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, application_name: 'luodi-bench-bare' });
  pool.on('error', () => undefined);
  const { rows: units } = await pool.query<{ id: string; path: string }>('SELECT id, path FROM unit');
  const unitPaths = new Map(units.map((u) => [u.id, u.path]));

  const app: FastifyInstance = Fastify({ logger: false, trustProxy: true });
  app.get('/api/v1/projects', async (request, reply) => {
    const scope = scopes.get(request.headers.authorization ?? '');
    if (scope === undefined) return reply.code(401).send({ code: 'UNAUTHENTICATED' });
    const query = request.query as Record<string, string | undefined>;
    const filter = filterFromQuery(query, unitPaths);
    const { page, count } = buildProjectListQuery(filter, scope);
    const [items, totals] = await Promise.all([
      pool.query<ProjectListRow>(page.text, page.values),
      pool.query<{ total: number }>(count.text, count.values),
    ]);
    return { items: items.rows.map(toProjectListItem), total: totals.rows[0].total, page: filter.page, pageSize: filter.pageSize };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await pool.end();
    },
  };
}
