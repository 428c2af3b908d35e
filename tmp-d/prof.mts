import { readBarsCsv, btcPerpBarsPath } from '/work/keel-D/src/engine/data/bar-loader.js';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead } from 'hyparquet';
for (let k=0;k<2;k++){
let t = performance.now(); let n = 0; for (const b of readBarsCsv(btcPerpBarsPath())) n++; console.log('csv', n, performance.now() - t);
t = performance.now();
const file = await asyncBufferFromFile('/tmp/d-smoke.parquet'); const metadata = await parquetMetadataAsync(file);
let rows: any[] = []; await parquetRead({ file, metadata, onComplete: (r: any) => rows = r, parsers: { timestampFromNanoseconds: (v: any) => v } });
console.log('raw parquet', rows.length, performance.now() - t);
}
