import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConfigModule, loadAppConfig } from '#config';
import { DeadlineRepository } from '#persistence';
import { DeadlineEvaluator, DeadlinesCoreModule } from '../../../worker/src/worker.module.js';

async function withEvaluator<T>(fn: (evaluator: DeadlineEvaluator, ctx: { dataSource: DataSource; deadlines: DeadlineRepository }) => Promise<T>): Promise<T> {
  const config = loadAppConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  @Module({ imports: [ConfigModule.forRoot(config), DeadlinesCoreModule] })
  class CliModule {}
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    return await fn(app.get(DeadlineEvaluator), { dataSource: app.get(DataSource), deadlines: app.get(DeadlineRepository) });
  } finally {
    await app.close();
  }
}

/** `explain <projectId|code>`: every clock of a project, computed now, with its explanation. */
export async function explainCommand(args: string[]): Promise<void> {
  const ref = args[0];
  if (!ref) throw new Error('Usage: explain <projectId|code>');
  await withEvaluator(async (evaluator, { dataSource }) => {
    const rows: { id: string; code: string; name_zh: string; stage: string; stage_date: string }[] = await dataSource.query(
      `SELECT id, code, name_zh, stage, stage_date FROM project WHERE code = $1 OR id::text = $1`,
      [ref],
    );
    if (!rows.length) throw new Error(`No project with id or code ${ref}`);
    const p = rows[0];
    const clocks = await evaluator.preview(p.id);
    console.log(`${p.code} ${p.name_zh} — ${p.stage} since ${p.stage_date}`);
    if (!clocks.length) console.log('  no clocks apply');
    for (const c of clocks) {
      console.log(`\n  [${c.level}] ${c.key} (${c.kind}, rule v${c.ruleVersion}) ${c.status}: ${c.startDate} → due ${c.dueDate}`);
      console.log(`    ${c.explanation.zh}`);
      console.log(`    ${c.explanation.en}`);
      if (c.nextCheckAt) console.log(`    next level change at ${c.nextCheckAt.toISOString()}`);
    }
  });
}

/** `sweep`: one sweep now (pending re-evaluations, then level changes due). */
export async function sweepCommand(): Promise<void> {
  await withEvaluator(async (evaluator) => {
    const started = Date.now();
    const r = await evaluator.sweep();
    console.log(
      `Sweep done in ${Date.now() - started} ms: ${r.projects} projects re-evaluated, ${r.levelChanges} level changes, ` +
        `${r.alertsRaised} alerts opened or raised, ${r.alertsResolved} resolved, ${r.notices} notices`,
    );
  });
}

/** `reevaluate [--all | <projectId|code> ...]`: recompute clocks now, in this process. */
export async function reevaluateCommand(args: string[]): Promise<void> {
  await withEvaluator(async (evaluator, { dataSource, deadlines }) => {
    const started = Date.now();
    if (args.includes('--all')) {
      const marked = await dataSource.transaction((m) => deadlines.requestReevaluationOfAll(m));
      let done = 0;
      for (;;) {
        const r = await evaluator.reevaluateMarked(1000);
        if (!r.projects) break;
        done += r.projects;
        process.stdout.write(`\r  ${done} / ${marked} projects`);
      }
      console.log(`\nRe-evaluated ${done} projects in ${Date.now() - started} ms`);
      return;
    }
    if (!args.length) throw new Error('Usage: reevaluate --all | reevaluate <projectId|code> ...');
    const rows: { id: string }[] = await dataSource.query(`SELECT id FROM project WHERE code = ANY($1) OR id::text = ANY($1)`, [args]);
    if (rows.length !== args.length) throw new Error(`Found ${rows.length} of ${args.length} projects`);
    const r = await evaluator.reevaluateProjects(rows.map((x) => x.id));
    console.log(`Re-evaluated ${r.projects} projects: ${r.deadlines} deadlines written, ${r.alertsRaised} alerts raised, ${r.alertsResolved} resolved`);
  });
}
