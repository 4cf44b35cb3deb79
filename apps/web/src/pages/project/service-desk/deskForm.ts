import type { FormInstance } from 'antd';
import { ApiError } from '../../../api/client';

/**
 * Puts the server's field complaints on a form (VALIDATION_FAILED lists and domain errors naming
 * `details.field`); nested paths such as followUps.0.dueDate reach the Form.List row. Returns whether any
 * field took a message, so the caller shows the rest as a form-level error.
 */
export function applyDeskErrors(form: FormInstance, error: unknown, fields: readonly string[]): boolean {
  if (!(error instanceof ApiError)) return false;
  const byField: Record<string, string> = { ...error.fieldErrors() };
  const named = (error.details as { field?: unknown } | undefined)?.field;
  if (typeof named === 'string' && !byField[named]) byField[named] = error.message;
  const known = Object.entries(byField).filter(([path]) => fields.includes(path.split('.')[0]));
  if (!known.length) return false;
  form.setFields(known.map(([path, message]) => ({ name: path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors: [message] })));
  return true;
}

export const isStaleError = (e: unknown): e is ApiError => e instanceof ApiError && e.code === 'STALE_VERSION';

/** Form values → API body: blank strings become null (or are dropped for create), trimmed otherwise. */
export function blankToNull(v: string | null | undefined): string | null {
  const s = (v ?? '').trim();
  return s ? s : null;
}
