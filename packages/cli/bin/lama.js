#!/usr/bin/env node
// Committed, uncompiled entry point so that npm can link `lama` before the first build.
import '../dist/src/bin/lama.js';
