// Entry point of the `sc-account` command (bin/sc-account.js runs the compiled copy).
import { main } from './index.js';

await main();
