#!/usr/bin/env node
// edgectl, the Edgeplane user CLI (cli/main.ts).
import { main } from '../cli/main.js';

process.exitCode = await main(process.argv);
