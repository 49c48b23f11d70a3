/**
 * Paths the benchmarks read: the repository root (bench/ is one level below it) and the ADBench
 * input files, which live outside the repository in ../shared/data/adbench/ (relative to the root)
 * because they are large and shared; problems that need them are skipped with a message if absent.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ADBENCH = path.resolve(ROOT, '..', 'shared', 'data', 'adbench');
