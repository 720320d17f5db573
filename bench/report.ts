// What a benchmark hands back to the runner, and how it is printed.

export interface BenchReport {
  name: string;
  title: string;
  /** The figures, one per line, including the ratio against the baseline. */
  lines: string[];
  goal: string;
  goalMet: boolean;
}

export function printReport(report: BenchReport): void {
  console.log(`\n== ${report.name}: ${report.title}`);
  for (const line of report.lines) console.log(`   ${line}`);
  console.log(`   goal ${report.goal}: ${report.goalMet ? 'MET' : 'MISSED'}`);
}
