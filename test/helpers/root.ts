// The project's folder. `npm test` runs the test files compiled into a copy of the
// tree (scripts/test.ts) and names the sources' folder in SC_PROJECT_ROOT; a file run
// on its own (node --import tsx test/x.test.ts) finds it from its own path.
import { fileURLToPath } from 'node:url';

export const projectRoot: string = process.env.SC_PROJECT_ROOT ?? fileURLToPath(new URL('../..', import.meta.url));
