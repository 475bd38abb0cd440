#!/usr/bin/env node
// Thin shim so the bin works before and after a build step renames things.
import '../dist/cli.js';
