// Entry point of the `sc-account` command (bin/sc-account.js runs its bundle, dist/bundle/cli.js).
import { main } from './index.js';

await main();
