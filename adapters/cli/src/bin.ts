#!/usr/bin/env node
import { buildProgram } from './program';

// `teachback score dir | head` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    // Commands set their own exit codes; anything reaching here is a bug or bad usage.
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`teachback: ${message}\n`);
    process.exitCode = process.exitCode && process.exitCode !== 0 ? process.exitCode : 2;
  });
