// CSV downloads for staff, opened in spreadsheets: a cell that begins like a formula
// (= + - @, tab or carriage return) is written with a leading apostrophe, so text an
// applicant typed (an institution "=HYPERLINK(…)") stays text (CSV injection).
import { type Stringifier, stringify } from 'csv-stringify';

const formulaStart = /^[=+\-@\t\r]/;

export const neutraliseCell = (value: string): string => (formulaStart.test(value) ? `'${value}` : value);

export function staffCsv(columns: string[]): Stringifier {
  return stringify({ header: true, columns, cast: { string: neutraliseCell } });
}
