#!/usr/bin/env node
// The installed `sc-account` command: runs the bundled CLI (npm install builds it).
await import('../dist/bundle/cli.js');
