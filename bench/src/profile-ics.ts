/**
 * Which property accesses miss V8's inline caches on the session route in steady state: the
 * service runs with --log-ic, takes 4 s of mint load to warm up and 2 s more, and the misses of the
 * last 1.5 s are counted by site. A site that misses on every request (a store that adds a property
 * to an object whose hidden class is new each time, say) goes through V8's runtime each time.
 * `npx tsx src/profile-ics.ts [route path]` in bench/; writes /tmp/tessera-ic.log.
 */
import { readFileSync } from 'node:fs';
import { load } from './load.js';
import { ORIGIN, startBench } from './setup.js';

const LOG = '/tmp/tessera-ic.log';
const bench = await startBench({
  serviceWrapper: ['sh', '-c', `exec "$0" --log-ic --logfile=${LOG} --no-logfile-per-isolate "$@"`],
});
const path = process.argv[2] ?? `/v1/sites/${bench.siteKey}/sessions`;
const url = `${bench.service.info.url}${path}`;
await load({ method: 'POST', connections: 50, headers: { origin: ORIGIN }, url, seconds: 4 });
const { ok } = await load({ method: 'POST', connections: 10, headers: { origin: ORIGIN }, url, seconds: 2 });
await bench.stop();

const code: { start: number; size: number; name: string }[] = [];
const misses: { pc: number; t: number; what: string }[] = [];
for (const line of readFileSync(LOG, 'utf8').split('\n')) {
  const f = line.split(',');
  if (f[0] === 'code-creation')
    code.push({ start: Number.parseInt(f[4]!, 16), size: Number(f[5]), name: f.slice(6, -2).join(',') });
  else if (f[0]?.endsWith('IC'))
    misses.push({ pc: Number.parseInt(f[1]!, 16), t: Number(f[2]), what: `${f[0]} ${f[5]}->${f[6]} key=${f[8]} ${f[10] ?? ''}` });
}
code.sort((a, b) => a.start - b.start);
const where = (pc: number) => {
  let found: (typeof code)[number] | undefined;
  for (let lo = 0, hi = code.length - 1; lo <= hi; ) {
    const mid = (lo + hi) >> 1;
    if (code[mid]!.start <= pc) {
      found = code[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found && pc < found.start + found.size ? found.name : '?';
};
const end = Math.max(...misses.map((m) => m.t));
const counts = new Map<string, number>();
for (const m of misses)
  if (m.t > end - 1_500_000) counts.set(`${m.what} @ ${where(m.pc)}`, (counts.get(`${m.what} @ ${where(m.pc)}`) ?? 0) + 1);
console.log(
  `${ok} requests in the last 2 s; inline-cache misses in the last 1.5 s: ${[...counts.values()].reduce((a, b) => a + b, 0)}`,
);
for (const [k, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(String(n).padStart(7), k.slice(0, 220));
