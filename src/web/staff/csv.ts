// CSV downloads for staff, opened in spreadsheets; every cell goes through
// neutraliseCell (src/domain/spreadsheet-cell.ts) against CSV injection.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Stringifier, stringify } from 'csv-stringify';
import type { FastifyReply } from 'fastify';
import { neutraliseCell } from '../../domain/spreadsheet-cell.js';
import { sendAttachment } from './attachment.js';

export function staffCsv(columns: string[]): Stringifier {
  return stringify({ header: true, columns, cast: { string: neutraliseCell } });
}

/**
 * Streams `records` as a CSV download named `<name>-<date>.csv`, row by row with the
 * stream's back-pressure; a failure while reading ends the download early.
 */
export function sendStaffCsv(
  reply: FastifyReply,
  name: string,
  columns: string[],
  records: AsyncIterable<Record<string, unknown>>,
): FastifyReply {
  const csv = staffCsv(columns);
  pipeline(Readable.from(records), csv).catch((error) => reply.log.error({ err: error }, 'CSV export failed'));
  return sendAttachment(reply, 'text/csv; charset=utf-8', `${name}-${new Date().toISOString().slice(0, 10)}.csv`, csv);
}
