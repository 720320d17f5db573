#!/usr/bin/env node
// The installed `sc-account` command: runs the compiled CLI (npm install builds it).
import { main } from '../dist/cli/index.js';

await main();
