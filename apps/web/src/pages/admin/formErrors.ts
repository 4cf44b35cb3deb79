import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client';

/**
 * Puts an API error's field messages on the form's fields: `details.fields` of a 400 VALIDATION_FAILED
 * answer, and `details.field` of a domain error such as DUPLICATE (409) or INVALID_REFERENCE (422).
 * `fieldOf` maps an API field path to a form field name (null = not on this form). Returns the API field
 * paths it could not place, so the caller can show them in the form's error banner.
 */
export function applyFieldErrors<T>(
  form: FormInstance<T>,
  error: unknown,
  fieldOf: (apiField: string) => string | null = (f) => f,
): { placed: number; unplaced: string[] } {
  if (!(error instanceof ApiError)) return { placed: 0, unplaced: [] };
  const errors: Record<string, string> = { ...error.fieldErrors() };
  const single = (error.details as { field?: unknown } | undefined)?.field;
  if (typeof single === 'string' && !errors[single]) errors[single] = error.message;
  const byField = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const [apiField, message] of Object.entries(errors)) {
    const name = fieldOf(apiField);
    if (!name) {
      unplaced.push(`${apiField}: ${message}`);
      continue;
    }
    byField.set(name, [...(byField.get(name) ?? []), message]);
  }
  form.setFields([...byField].map(([name, errs]) => ({ name: name as never, errors: errs })));
  return { placed: byField.size, unplaced };
}

export const isStale = (error: unknown): error is ApiError => error instanceof ApiError && error.code === 'STALE_VERSION';
