// The reference an applicant quotes (e.g. A2026-000123): "A", the fiscal year in
// which the application was submitted, and its number within that year. The
// fiscal year runs April–March in Asia/Tokyo time (domain.md, "The fiscal year").
export function applicationReference(fiscalYear: number, serial: number): string {
  return `A${fiscalYear}-${String(serial).padStart(6, '0')}`;
}

export const applicationReferencePattern = /^A\d{4}-\d{6,}$/;
