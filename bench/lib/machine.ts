import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

async function cpuTimes(): Promise<{ busy: number; total: number } | null> {
  try {
    const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0];
    const [, ...fields] = line.trim().split(/\s+/);
    const v = fields.map(Number);
    const total = v.slice(0, 8).reduce((s, x) => s + x, 0); // user nice system idle iowait irq softirq steal
    const idle = v[3] + v[4];
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/**
 * CPUs busy on the whole machine over `ms` (e.g. 1.6 = 1.6 CPUs' worth), from /proc/stat; null where
 * there is no /proc. Sampled while the bench itself is idle, it shows what other work is competing.
 */
export async function busyCpus(cpus: number, ms = 1000): Promise<number | null> {
  const a = await cpuTimes();
  await sleep(ms);
  const b = await cpuTimes();
  if (!a || !b || b.total === a.total) return null;
  return ((b.busy - a.busy) / (b.total - a.total)) * cpus;
}
