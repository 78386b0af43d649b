#!/usr/bin/env node
// The dcos-agent daemon: see src/runtime/agent/main.ts for flags and behaviour.
import '../dist/runtime/agent/main.js';
