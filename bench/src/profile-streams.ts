// Profile the memory of held streams: heap snapshots of the service with 200 and with 200 + N held
// streams; prints what one more stream costs, by object kind (self size, bytes per stream).
//   npx tsx src/profile-streams.ts [N=2000]
import { readFileSync } from 'node:fs';
import type { ClientRequest } from 'node:http';
import { startBench } from './setup.js';
import { stopStreams, streamOpener } from './streams.js';

const N = Number(process.argv[2] ?? 2000);
if (!Number.isInteger(N) || N < 1)
  throw new Error('usage: npx tsx src/profile-streams.ts [streams, a whole number, default 2000]');
const bench = await startBench({ tokenDelayMs: 1000 });
const base = bench.service.info.url;
const held: ClientRequest[] = [];
const open = await streamOpener(bench, held);
const openMany = async (count: number) => {
  for (let done = 0; done < count; done += 250)
    await Promise.all(Array.from({ length: Math.min(250, count - done) }, (_, i) => open(done + i)));
};
const snapshot = async (file: string) => {
  await new Promise((r) => setTimeout(r, 2000));
  await fetch(`${base}/__bench/heap?file=${file}`, { method: 'POST' });
  return summarize(file);
};

function summarize(file: string): Map<string, { size: number; count: number }> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const types = snap.snapshot.meta.node_types[0];
  const out = new Map<string, { size: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType]!]!;
    const name =
      type === 'object' || type === 'closure' || type === 'native'
        ? `${type} ${snap.strings[snap.nodes[i + iName]!]}`
        : `(${type})`;
    const e = out.get(name) ?? { size: 0, count: 0 };
    e.size += snap.nodes[i + iSize]!;
    e.count++;
    out.set(name, e);
  }
  return out;
}

await openMany(200);
const before = await snapshot('/tmp/streams-before.heapsnapshot');
await openMany(N);
const after = await snapshot('/tmp/streams-after.heapsnapshot');
await stopStreams(bench, held);
await bench.stop();

const rows = [...after].map(([name, a]) => {
  const b = before.get(name) ?? { size: 0, count: 0 };
  return { name, bytes: (a.size - b.size) / N, objects: (a.count - b.count) / N };
});
const total = rows.reduce((n, r) => n + r.bytes, 0);
console.log(`heap per held stream: ${(total / 1024).toFixed(1)} KB (self sizes, ${N} streams)`);
for (const r of rows.sort((x, y) => y.bytes - x.bytes).slice(0, 30)) {
  console.log(`${r.bytes.toFixed(0).padStart(7)} B  ${r.objects.toFixed(1).padStart(6)} objects  ${r.name}`);
}
