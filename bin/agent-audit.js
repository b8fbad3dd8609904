#!/usr/bin/env node
'use strict';
// The shell grammar's lexer is one 160 KB wasm function. V8's optimizing compiler spends over a
// second of CPU on it in each thread that classifies commands, more than a scan of a gigabyte of
// logs gains from it, and the process waits for that compile to finish before it can exit. The
// baseline compiler (Liftoff) compiles every function in milliseconds and runs them correctly.
// The flag is process-wide, which is why it is set here, in the command line's own process.
require('node:v8').setFlagsFromString('--liftoff-only');
const { main } = require('../dist/cli.js');
main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }).then((code) => {
  process.exitCode = code;
});
