/**
 * The closed set of error codes the domain raises. The API maps each to one HTTP status in
 * `apps/api/src/common/filters/domain-exception.filter.ts`; the worker treats them as permanent failures.
 */
export const DomainErrorCode = {
  NotFound: 'NOT_FOUND',
  Forbidden: 'FORBIDDEN',
  Unauthenticated: 'UNAUTHENTICATED',
  InvalidCredentials: 'INVALID_CREDENTIALS',
  StaleVersion: 'STALE_VERSION',
  Duplicate: 'DUPLICATE',
  InvalidStageTransition: 'INVALID_STAGE_TRANSITION',
  SameStage: 'SAME_STAGE',
  CorrectionNotAllowed: 'CORRECTION_NOT_ALLOWED',
  ReasonRequired: 'REASON_REQUIRED',
  EffectiveDateInFuture: 'EFFECTIVE_DATE_IN_FUTURE',
  EffectiveDateBeforeCurrentStage: 'EFFECTIVE_DATE_BEFORE_CURRENT_STAGE',
  InvalidDate: 'INVALID_DATE',
  InvalidReference: 'INVALID_REFERENCE',
  InvalidIssueTransition: 'INVALID_ISSUE_TRANSITION',
  OutOfScope: 'OUT_OF_SCOPE',
  ExportTooLarge: 'EXPORT_TOO_LARGE',
  /** A status change the record's workflow does not allow (approval items, investor requests, commitments). */
  InvalidStatusTransition: 'INVALID_STATUS_TRANSITION',
  /** Closing an investor request needs a callback (回访) made after its resolution. */
  CallbackRequired: 'CALLBACK_REQUIRED',
} as const;
export type DomainErrorCode = (typeof DomainErrorCode)[keyof typeof DomainErrorCode];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (entity: string, id: string) =>
  new DomainError(DomainErrorCode.NotFound, `${entity} ${id} not found`, { entity, id });
