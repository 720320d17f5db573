// `npm run build`, last step: a new, empty PGlite cluster kept as a file, which a
// new data folder is filled from at its first start instead of running initdb
// (src/db/pglite.ts says why). Made once per PGlite version.
import { existsSync } from 'node:fs';
import { clusterTemplateFile, writeClusterTemplate } from '../dist/bundle/pglite.js';

const file = clusterTemplateFile();
if (!existsSync(file)) await writeClusterTemplate(file);
