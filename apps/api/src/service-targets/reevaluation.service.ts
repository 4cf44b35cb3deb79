import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobName, JobQueue } from '#jobs';
import { DeadlineRepository, ReevaluationRunRepository } from '#persistence';

const BATCH = 1000;

/**
 * Background re-evaluation after a policy change (rule or calendar). The marks on the projects are
 * written in the change's transaction, so the work survives a lost job; the batch jobs only speed it up
 * and the run row shows progress.
 */
@Injectable()
export class ReevaluationService {
  constructor(
    private readonly deadlines: DeadlineRepository,
    private readonly runs: ReevaluationRunRepository,
    private readonly jobs: JobQueue,
  ) {}

  /** Inside the change's transaction: marks every live project and records a run. */
  async requestAll(m: EntityManager, reason: string, actorId: string | null): Promise<{ runId: string; total: number }> {
    const total = await this.deadlines.requestReevaluationOfAll(m);
    const runId = await this.runs.create(m, reason, total, actorId);
    return { runId, total };
  }

  /** After commit: one job per batch of 1,000 marked projects. */
  async dispatch(run: { runId: string; total: number }): Promise<void> {
    for (let batch = 0; batch * BATCH < run.total; batch++) {
      if (!(await this.jobs.enqueueBestEffort({ name: JobName.ReevaluateBatch, data: { runId: run.runId, batch } }))) return;
    }
  }

  get(id: string) {
    return this.runs.get(id);
  }
}
