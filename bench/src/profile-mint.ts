// Profile the service under session-minting load: writes /tmp/mint.cpuprofile and prints the top functions.
import { readFileSync } from 'node:fs';
import { load } from './load.js';
import { ORIGIN, startBench } from './setup.js';
const bench = await startBench({ env: { BENCH_CPU_PROFILE: '/tmp/mint.cpuprofile' } });
await load({
  method: 'POST',
  connections: 50,
  headers: { origin: ORIGIN },
  url: `${bench.service.info.url}/v1/sites/${bench.siteKey}/sessions`,
  seconds: 6,
});
await bench.stop();
const p = JSON.parse(readFileSync('/tmp/mint.cpuprofile', 'utf8'));
const self = new Map<string, number>();
const dt = new Map<number, number>();
for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
for (const n of p.nodes) {
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + (dt.get(n.id) ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30))
  console.log(((v / total) * 100).toFixed(1).padStart(5), k);
