#!/usr/bin/env node
import { main } from '../dist/electron/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
