// The machine a run happened on, for the README and the JSON file.
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

export function describeMachine() {
  const cores = availableParallelism();
  const cpuModel = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memoryGb = Math.round(totalmem() / 1e9);
  // Other work on the machine moves every timing; the load at the start says how busy it was.
  const loadAverage = Number((loadavg()[0] ?? 0).toFixed(1));
  return {
    cores,
    cpuModel,
    memoryGb,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverage,
    summary: `${cores} cores (nproc), ${cpuModel}, ${memoryGb} GB RAM, Node ${process.version}, ${process.platform}-${process.arch}, load average ${loadAverage} at the start`,
  };
}
