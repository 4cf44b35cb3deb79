import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client';

/**
 * Puts the server's field-level complaints on the form's fields: the VALIDATION_FAILED list, and a domain
 * error that names one field in `details.field` (e.g. period in the future, a missing result). Paths with
 * a dot (skippedStageDates.LANDED) become nested names. Returns whether any field took a message.
 */
export function applyFieldErrors(form: FormInstance, error: unknown, fields: readonly string[]): boolean {
  if (!(error instanceof ApiError)) return false;
  const byField: Record<string, string> = { ...error.fieldErrors() };
  const named = (error.details as { field?: unknown } | undefined)?.field;
  if (typeof named === 'string' && !byField[named]) byField[named] = error.message;
  const known = Object.entries(byField).filter(([path]) => fields.includes(path.split('.')[0]));
  if (!known.length) return false;
  form.setFields(known.map(([path, message]) => ({ name: path.split('.'), errors: [message] })));
  return true;
}

export const isStale = (error: unknown): error is ApiError => error instanceof ApiError && error.code === 'STALE_VERSION';
