import { ParseUUIDPipe } from '@nestjs/common';

/** Path ids: a malformed id names no record, so it answers 404 like an unknown one. */
export const ParseId = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

/** Query lists: `?stage=A,B` or `?stage=A&stage=B` → ['A', 'B']. */
export const splitList = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : (Array.isArray(value) ? value : String(value).split(',')).map((v) => String(v).trim()).filter(Boolean);
