/**
 * Runs the checks of one function in a worker thread, so that `adgen check` can stop a function
 * that does not return (a data-dependent loop that never ends at a generated point) instead of
 * hanging the user's CI: the caller terminates the worker when its time is up.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ExportSummary } from '../compile.js';
import { checkFunction, type Tolerance } from './function.js';
import type { Module } from './oracles.js';
import { seeded, type Arg } from './points.js';

export interface WorkerInput {
  moduleUrl: string;
  exp: ExportSummary;
  at: Arg[][];
  seed: number;
  tolerance: Tolerance;
}

const input = workerData as WorkerInput;
const mod = (await import(input.moduleUrl)) as Module;
parentPort!.postMessage(checkFunction(input.exp, mod, input.at, seeded(input.seed), input.tolerance));
