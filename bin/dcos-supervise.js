#!/usr/bin/env node
// dcos-supervise: keeps a daemon running where there is no systemd. See
// src/runtime/supervisor/main.ts for flags, signals and exit codes.
import '../dist/runtime/supervisor/main.js';
