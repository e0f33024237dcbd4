// Differential profile: per-request self time of each function under load on two routes, each in a service process of its own.
// npx tsx src/profile-diff.ts [a=sign] [b=mint]
import { readFileSync } from 'node:fs';
import { load } from './load.js';
import { ORIGIN, startBench } from './setup.js';
const routes = (b: { service: { info: { url: string } }; siteKey: string }, name: string) =>
  name === 'mint' ? `${b.service.info.url}/v1/sites/${b.siteKey}/sessions` : `${b.service.info.url}/__bench/${name}`;
async function profile(name: string) {
  const file = `/tmp/prof-${name}.cpuprofile`;
  const bench = await startBench({ env: { BENCH_CPU_PROFILE: file } });
  const url = routes(bench, name);
  await load({ method: 'POST', connections: 50, headers: { origin: ORIGIN }, url, seconds: 3 });
  const r = await load({ method: 'POST', connections: 50, headers: { origin: ORIGIN }, url, seconds: 6 });
  await bench.stop();
  const p = JSON.parse(readFileSync(file, 'utf8'));
  const dt = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  const self = new Map<string, number>();
  for (const n of p.nodes) {
    const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt.get(n.id) ?? 0));
  }
  // Both loads were profiled (warm-up too): divide by all requests served, approximately 9/6 of the measured.
  const requests = (r.ok * 9) / 6;
  console.error(`${name}: ${file}, ~${Math.round(requests)} requests`);
  const per = new Map([...self].map(([k, v]) => [k, v / requests]));
  return per;
}
const [a = 'sign', b = 'mint'] = process.argv.slice(2);
const pa = await profile(a);
const pb = await profile(b);
const keys = new Set([...pa.keys(), ...pb.keys()]);
const rows = [...keys].map((k) => ({ k, a: pa.get(k) ?? 0, b: pb.get(k) ?? 0 })).filter((r) => !r.k.startsWith('(idle)'));
const sum = (m: Map<string, number>) => [...m].filter(([k]) => !k.startsWith('(idle)')).reduce((s, [, v]) => s + v, 0);
console.log(`total µs/request (no idle): ${a} ${sum(pa).toFixed(1)}  ${b} ${sum(pb).toFixed(1)}`);
for (const r of rows.sort((x, y) => y.b - y.a - (x.b - x.a)).slice(0, 45))
  console.log((r.b - r.a).toFixed(2).padStart(7), r.a.toFixed(2).padStart(7), r.b.toFixed(2).padStart(7), r.k);
