// Pieces the services' schemas share (and so the API's document, the pages' and the
// command line's checks): row ids, instants as ISO 8601 with their offset, days of a
// filter in Asia/Tokyo.
import { z } from 'zod';

export const instant = z.iso.datetime({ offset: true });
export const centreDay = z.iso.date().describe('a day in Asia/Tokyo, YYYY-MM-DD');

/** A column's time as the schemas want it; null stays null. */
export const isoTime = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** A row id as the database keeps them (1 … 2³¹−1), from a path, a form or an argument. */
export const rowId = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);
