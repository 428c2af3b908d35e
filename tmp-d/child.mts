import { openData } from '../src/backtest/data/index.js';
const s = openData(process.argv[2]!);
let n = 0;
for await (const b of s.batches()) n += b.length;
console.log(JSON.stringify({ n, heap: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss }));
