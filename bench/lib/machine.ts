import os from 'node:os';

/** What a bench's JSON records of the machine it ran on, the load average included. */
export function machineInfo() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    node: process.version,
    loadAverage: os.loadavg(),
  };
}
