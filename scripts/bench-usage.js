// Loaded by the benchmark into each child it times (node --import): writes the process's own CPU time
// and peak RSS to $GATEWARDEN_BENCH_USAGE when it exits. See bench-startup.js.
import { writeFileSync } from 'node:fs';

const target = process.env.GATEWARDEN_BENCH_USAGE;
if (target) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(target, JSON.stringify({ user, system, maxRSS: process.resourceUsage().maxRSS }));
  });
}
