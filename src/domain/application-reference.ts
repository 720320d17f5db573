// The reference an applicant quotes (e.g. A2026-000123): "A", the fiscal year in
// which the application was submitted, and its number within that year. The
// fiscal year runs April–March in Asia/Tokyo time (domain.md, "The fiscal year").
import { centreTimeZone } from './notices.js';

const yearMonth = new Intl.DateTimeFormat('en-CA', { timeZone: centreTimeZone, year: 'numeric', month: 'numeric' });

/** The fiscal year (April–March, Asia/Tokyo) that contains the instant `at`. */
export function fiscalYearOf(at: Date): number {
  const parts = yearMonth.formatToParts(at);
  const year = Number(parts.find((p) => p.type === 'year')?.value);
  const month = Number(parts.find((p) => p.type === 'month')?.value);
  return month >= 4 ? year : year - 1;
}

export function applicationReference(fiscalYear: number, serial: number): string {
  return `A${fiscalYear}-${String(serial).padStart(6, '0')}`;
}

export const applicationReferencePattern = /^A\d{4}-\d{6,}$/;
