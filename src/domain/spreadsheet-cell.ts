// A cell of a CSV file opened in a spreadsheet: one that begins like a formula
// (= + - @, tab or carriage return) gets a leading apostrophe, so text someone typed
// (an institution "=HYPERLINK(…)") stays text (CSV injection). Pure.
const formulaStart = /^[=+\-@\t\r]/;

export const neutraliseCell = (value: string): string => (formulaStart.test(value) ? `'${value}` : value);
