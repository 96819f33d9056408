#!/usr/bin/env node
// Entry point of the `segment` command: runs the TypeScript CLI through tsx's loader,
// so the checkout needs no build step (`npx segment …`, `npm run segment -- …`).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
