#!/usr/bin/env node
// `teardown`: see `teardown --help`.
import { main } from './program.js';

process.exitCode = await main(process.argv);
