import { openData, timeBoundNs } from '../src/backtest/data/index.js';
import { eurUsdQuotesPath } from '../src/engine/data/quote-loader.js';
console.log(timeBoundNs('to','2020-01-01T17:00:01Z'));
const s = openData([eurUsdQuotesPath()], { to: '2020-01-01T17:00:01Z' });
for await (const b of s.batches()) console.log(b.length, b.map(i=>i.data.tsEvent));
console.log(s.stats());
