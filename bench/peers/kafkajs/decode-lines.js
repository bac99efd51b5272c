'use strict';
// Checking aid (bench/peers/check_golden.py): reads lines
// "<now_ms> <processed_at_ms> <key hex or -> <value hex or ->" from stdin and
// writes per line "valid <flattened JSON>" or "invalid <reasons>", with the
// decoder and the flattening that index.js uses.
const readline = require('readline');
const { ReadingDecoder } = require('./decoder');
const { flatten } = require('./flatten');

const decoder = new ReadingDecoder();
const processorId = process.env.CLIENT_ID || 'stream-processor-client';
const hex = (t) => (t === '-' ? null : Buffer.from(t, 'hex'));
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const f = line.split(' ');
  if (f.length !== 4) return;
  const d = decoder.decode(hex(f[2]), hex(f[3]), Number(f[0]));
  process.stdout.write(d.reading
    ? `valid ${JSON.stringify(flatten(d.reading, Number(f[1]), processorId))}\n`
    : `invalid ${d.reasons.join(',')}\n`);
});
