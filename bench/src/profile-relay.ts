// Profile the service under relay load: writes /tmp/relay.cpuprofile and prints the top functions (self and inclusive).
import { readFileSync } from 'node:fs';
import { load } from './load.js';
import { startBench, visitor } from './setup.js';
const bench = await startBench({ env: { BENCH_CPU_PROFILE: '/tmp/relay.cpuprofile' } });
const v = await visitor(bench);
const url = `${bench.service.info.url}/v1/sites/${bench.siteKey}/conversations/${v.conversationId}/messages`;
const t = performance.now();
const r = await fetch(url, { method: 'POST', headers: v.headers, body: JSON.stringify({ text: 'tokens:300' }) });
const reader = r.body!.getReader();
let first = 0;
for (;;) {
  const x = await reader.read();
  if (!first) first = performance.now() - t;
  if (x.done) break;
}
console.log('single request ttfb', first.toFixed(1), 'total', (performance.now() - t).toFixed(1));
console.log(
  await load({
    method: 'POST',
    connections: 16,
    headers: v.headers,
    body: JSON.stringify({ text: 'tokens:300' }),
    url,
    seconds: 5,
  }),
);
await bench.stop();
const p = JSON.parse(readFileSync('/tmp/relay.cpuprofile', 'utf8'));
const byId = new Map(p.nodes.map((n: any) => [n.id, n]));
const dt = new Map<number, number>();
for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
const walk = (id: number): number => {
  const n: any = byId.get(id);
  let s = dt.get(id) ?? 0;
  for (const c of n.children ?? []) s += walk(c);
  n.incl = s;
  return s;
};
const total = walk(p.nodes[0].id);
const self = new Map<string, number>();
const incl = new Map<string, number>();
for (const n of p.nodes) {
  const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
  self.set(k, (self.get(k) ?? 0) + (dt.get(n.id) ?? 0));
  incl.set(k, (incl.get(k) ?? 0) + n.incl);
}
console.log('--- self');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(((v / total) * 100).toFixed(1).padStart(5), k);
console.log('--- inclusive');
for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 40))
  console.log(((v / total) * 100).toFixed(1).padStart(5), k);
