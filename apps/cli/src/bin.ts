#!/usr/bin/env node
// `teardown`: see `teardown --help`.
import { main } from './program.js';

// A reader that stops early (`teardown report <id> | head`) closes the pipe: it has what it wanted, so the command ends
// there, quietly, rather than with an EPIPE stack trace. A batch being started keeps the targets handed over so far.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });

process.exitCode = await main(process.argv);
