import pg from 'pg';

// PostgreSQL `date` columns are business dates (YYYY-MM-DD in Asia/Shanghai): keep them as strings
// instead of letting node-postgres turn them into local-midnight Date objects.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
