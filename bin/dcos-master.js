#!/usr/bin/env node
import '../dist/runtime/master/main.js';
