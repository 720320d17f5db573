// Waiting for something another process does (a server to start, a job to run, a
// replica to catch up): asks `check` every 50 ms until it is true, and fails the test
// with what was awaited when `timeoutMs` pass first.
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  for (const end = Date.now() + timeoutMs; !(await check()); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}
