import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder, wherever a tool is run from. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
