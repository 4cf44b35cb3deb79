import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Actor, DomainError, DomainErrorCode, notFound, pathWithin, scopeOf } from '#domain';
import { JobName, JobQueue } from '#jobs';
import { AuditRepository, createImportRun, getImportRun } from '#persistence';
import { type CreateImportDto, MAX_IMPORT_FILE_BYTES } from './imports.dto.js';

/** 台账 imports through the API: the file is stored on an import_run and the worker validates and commits it. */
@Injectable()
export class ImportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditRepository,
    private readonly jobs: JobQueue,
  ) {}

  private requireImporter(actor: Actor) {
    const scope = scopeOf(actor);
    if (!scope.canWrite) throw new DomainError(DomainErrorCode.Forbidden, `The ${actor.role} role cannot import projects`);
    return scope;
  }

  async create(actor: Actor, dto: CreateImportDto) {
    this.requireImporter(actor);
    const content = Buffer.from(dto.contentBase64, 'base64');
    if (!content.length || content.length > MAX_IMPORT_FILE_BYTES) {
      throw new DomainError(DomainErrorCode.InvalidReference, `The file must hold 1 byte to ${MAX_IMPORT_FILE_BYTES} bytes`, { field: 'contentBase64' });
    }
    const id = await createImportRun(this.dataSource, { fileName: dto.fileName, content, dryRun: dto.dryRun ?? false, actor });
    await this.dataSource.transaction((m) =>
      this.audit.record(m, { actorId: actor.id, action: 'create', entity: 'import_run', entityId: id, after: { fileName: dto.fileName, bytes: content.length, dryRun: dto.dryRun ?? false } }),
    );
    await this.jobs.enqueue({ name: JobName.LedgerImport, data: { runId: id } });
    return this.get(actor, id);
  }

  /** Progress, counts and problems of a run; 404 outside the actor's units. */
  async get(actor: Actor, id: string) {
    const scope = this.requireImporter(actor);
    const run = await getImportRun(this.dataSource, id);
    if (!run || !pathWithin(run.unitPath, scope)) throw notFound('ImportRun', id);
    const { unitPath: _unitPath, ...rest } = run;
    return rest;
  }
}
