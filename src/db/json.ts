// JSON values go to jsonb columns as text, so that pg and PGlite store them alike
// (pg would turn a JS array into a PostgreSQL array otherwise).
export const json = (value: unknown): string => JSON.stringify(value);
