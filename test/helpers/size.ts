// Load and fault tests run at a size that proves the behaviour in `npm test`, and at
// full size in `npm run test:faults` (SC_TEST_FULL_SIZE=1), which is run before a
// change to provisioning, jobs or renewal is resolved (docs/development.md).
export const fullSize = process.env.SC_TEST_FULL_SIZE === '1';

/** `full` under `npm run test:faults`, else `small`. */
export const sized = (full: number, small: number): number => (fullSize ? full : small);
