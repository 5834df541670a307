#!/usr/bin/env node
import { buildProgram } from './program';

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    // Commands set their own exit codes; anything reaching here is a bug or bad usage.
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`teachback: ${message}\n`);
    process.exitCode = process.exitCode && process.exitCode !== 0 ? process.exitCode : 2;
  });
