'use strict';
// sluice's traffic topology as a KafkaJS service in the predecessor's style
// (one consumer + one producer, windows in memory): a benchmark peer of
// traffic-processor. See bench/peers/README.md.
//
// Environment: BOOTSTRAP, APPLICATION_ID (consumer group; transactional id
// prefix), INPUT_TOPIC, OUTPUT_TOPIC, DLQ_TOPIC, AGG_TOPIC, GUARANTEE
// (exactly_once_v2 | at_least_once), COMMIT_INTERVAL_MS (at_least_once
// auto-commit interval; default 100 under EOS, 30000 otherwise),
// NUM_STREAM_THREADS (must be 1: Node runs this on one thread), STATE_DIR
// (unused: no state store), CLIENT_ID, STATS_INTERVAL_MS, LOG_LEVEL.
// Exit codes: 0 after SIGTERM/SIGINT and a clean disconnect, 1 on a
// consumer crash or fatal error, 2 for a bad configuration value.

const { Kafka, logLevel, Partitioners } = require('kafkajs');
const { ReadingDecoder } = require('./decoder');
const { flatten } = require('./flatten');

const WINDOW_SIZE_MS = 5 * 60000;
const WINDOW_GRACE_MS = 60000;
const CONGESTION_MPH = 35;

function config() {
  const env = (name, fallback) => process.env[name] || fallback;
  const int = (name, fallback, min) => {
    const v = process.env[name];
    if (v === undefined || v === '') return fallback;
    if (!/^\d+$/.test(v) || Number(v) < min) {
      throw new Error(`${name} must be an integer >= ${min}`);
    }
    return Number(v);
  };
  const guarantee = env('GUARANTEE', 'exactly_once_v2');
  if (guarantee !== 'exactly_once_v2' && guarantee !== 'at_least_once') {
    throw new Error('GUARANTEE must be exactly_once_v2 or at_least_once');
  }
  const eos = guarantee === 'exactly_once_v2';
  const c = {
    brokers: env('BOOTSTRAP', 'localhost:9092').split(','),
    applicationId: env('APPLICATION_ID', 'traffic-kafkajs'),
    clientId: env('CLIENT_ID', 'stream-processor-client'),
    input: env('INPUT_TOPIC', 'traffic-raw'),
    output: env('OUTPUT_TOPIC', 'traffic-events'),
    dlq: env('DLQ_TOPIC', 'traffic-dlq'),
    agg: env('AGG_TOPIC', 'traffic-aggregates'),
    eos,
    commitIntervalMs: int('COMMIT_INTERVAL_MS', eos ? 100 : 30000, 0),
    threads: int('NUM_STREAM_THREADS', 1, 1),
    statsIntervalMs: int('STATS_INTERVAL_MS', 10000, 0),
    logLevel: env('LOG_LEVEL', 'warn').toUpperCase(),
  };
  if (c.threads !== 1) throw new Error('NUM_STREAM_THREADS must be 1 (Node: one thread)');
  if (!(c.logLevel in logLevel)) throw new Error('LOG_LEVEL must be error, warn, info or debug');
  return c;
}

// Kafka's murmur2 (as the Java client), to place a sensor in a partition.
function murmur2(buf) {
  const m = 0x5bd1e995;
  const len = buf.length;
  let h = (0x9747b28c ^ len) | 0;
  const len4 = len >> 2;
  for (let i = 0; i < len4; i++) {
    const i4 = i * 4;
    let k = buf[i4] | (buf[i4 + 1] << 8) | (buf[i4 + 2] << 16) | (buf[i4 + 3] << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const tail = len & ~3;
  switch (len % 4) {
    case 3: h ^= buf[tail + 2] << 16; // fall through
    case 2: h ^= buf[tail + 1] << 8; // fall through
    case 1: h ^= buf[tail]; h = Math.imul(h, m); break;
    default: break;
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h;
}

class WindowAggregate {
  constructor() {
    this.count = 0;
    this.congested = 0;
    this.speedSum = 0;
    this.min = 0;
    this.max = 0;
    this.volumeSum = 0;
    this.first = 0;
    this.last = 0;
  }

  add(speed, volume, eventMs) {
    if (this.count === 0) {
      this.min = this.max = speed;
      this.first = this.last = eventMs;
    } else {
      this.min = Math.min(this.min, speed);
      this.max = Math.max(this.max, speed);
      this.first = Math.min(this.first, eventMs);
      this.last = Math.max(this.last, eventMs);
    }
    this.count++;
    this.speedSum += speed;
    this.volumeSum += volume;
    if (speed < CONGESTION_MPH) this.congested++;
  }

  json(sensorId, start) {
    const iso = (ms) => new Date(ms).toISOString();
    return JSON.stringify({
      sensor_id: sensorId,
      window_start: iso(start),
      window_end: iso(start + WINDOW_SIZE_MS),
      count: this.count,
      min_speed_mph: this.min,
      avg_speed_mph: this.speedSum / this.count,
      max_speed_mph: this.max,
      total_volume: this.volumeSum,
      avg_volume: this.volumeSum / this.count,
      congested_count: this.congested,
      congested_share: this.congested / this.count,
      congestion_threshold_mph: CONGESTION_MPH,
      first_event_time: iso(this.first),
      last_event_time: iso(this.last),
    });
  }
}

// Tumbling windows per sensor, in memory. As in Kafka Streams and sluice,
// stream time (the highest event time seen) is kept per partition of the
// sensor id (murmur2 % partitions, what a repartition topic would give), a
// window closes when that stream time reaches its end + grace, and a reading
// for a closed window is late: counted and left out.
class Windows {
  constructor(partitions) {
    this.partitions = partitions;
    this.streamTime = new Array(partitions).fill(-Infinity);
    this.open = Array.from({ length: partitions }, () => new Map()); // start -> Map(sensor -> agg)
    this.late = 0;
  }

  /** Adds a reading; pushes the windows it closes to `out` as messages. */
  add(sensorId, speed, volume, eventMs, out) {
    const p = (murmur2(Buffer.from(sensorId, 'utf8')) & 0x7fffffff) % this.partitions;
    if (eventMs > this.streamTime[p]) this.streamTime[p] = eventMs;
    const start = eventMs - (((eventMs % WINDOW_SIZE_MS) + WINDOW_SIZE_MS) % WINDOW_SIZE_MS);
    const open = this.open[p];
    if (start + WINDOW_SIZE_MS + WINDOW_GRACE_MS <= this.streamTime[p]) {
      this.late++;
    } else {
      let sensors = open.get(start);
      if (sensors === undefined) open.set(start, (sensors = new Map()));
      let agg = sensors.get(sensorId);
      if (agg === undefined) sensors.set(sensorId, (agg = new WindowAggregate()));
      agg.add(speed, volume, eventMs);
    }
    for (const [s, sensors] of open) {
      if (s + WINDOW_SIZE_MS + WINDOW_GRACE_MS > this.streamTime[p]) continue;
      for (const [id, agg] of sensors) {
        out.push({ key: id, value: agg.json(id, s), timestamp: String(s + WINDOW_SIZE_MS - 1) });
      }
      open.delete(s);
    }
  }
}

/** Bytes of a message's key, value and headers, as sent. */
function messageBytes(m) {
  const size = (v) => (v == null ? 0 : Buffer.isBuffer(v) ? v.length : Buffer.byteLength(String(v)));
  let n = size(m.key) + size(m.value);
  for (const [k, v] of Object.entries(m.headers || {})) n += size(k) + size(v);
  return n;
}

/**
 * Splits sendBatch's topicMessages into groups of at most `maxBytes`, so
 * that no record batch reaches the broker's message.max.bytes (1 MiB): one
 * fetched batch of readings, with the DLQ's headers, can exceed it.
 */
function inSendSizedGroups(topicMessages, maxBytes = 256 * 1024) {
  const groups = [];
  let group = [];
  let bytes = 0;
  for (const { topic, messages } of topicMessages) {
    let list = null;
    for (const m of messages) {
      const n = messageBytes(m);
      if (bytes > 0 && bytes + n > maxBytes) {
        groups.push(group);
        group = [];
        bytes = 0;
        list = null;
      }
      if (!list) {
        list = { topic, messages: [] };
        group.push(list);
      }
      list.messages.push(m);
      bytes += n;
    }
  }
  if (group.length) groups.push(group);
  return groups;
}

async function main() {
  let c;
  try {
    c = config();
  } catch (e) {
    process.stderr.write(`traffic-kafkajs: ${e.message}\n`);
    process.exit(2);
  }
  const kafka = new Kafka({ clientId: c.clientId, brokers: c.brokers, logLevel: logLevel[c.logLevel] });
  const admin = kafka.admin();
  await admin.connect();
  const meta = await admin.fetchTopicMetadata({ topics: [c.input] });
  await admin.disconnect();
  const windows = new Windows(meta.topics[0].partitions.length);

  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner, // Java-compatible murmur2
    idempotent: c.eos,
    maxInFlightRequests: c.eos ? 1 : undefined,
    transactionalId: c.eos ? `${c.applicationId}-${c.clientId}` : undefined,
  });
  const consumer = kafka.consumer({ groupId: c.applicationId, readUncommitted: false });
  const decoder = new ReadingDecoder();
  const counts = { readings: 0, valid: 0, dead_lettered: 0, windows_emitted: 0 };
  let state = 'STARTING';
  const stats = () => JSON.stringify({ ...counts, late_dropped: windows.late, state });

  const eachBatch = async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
    if (batch.messages.length === 0 || !isRunning() || isStale()) return;
    const events = [];
    const dlq = [];
    const aggs = [];
    for (const m of batch.messages) {
      const wallMs = Date.now();
      const recordMs = Number(m.timestamp);
      // The validation clock is the record's timestamp, sluice's default.
      const d = decoder.decode(m.key, m.value, recordMs);
      counts.readings++;
      if (d.reading) {
        const r = d.reading;
        const flat = flatten(r, wallMs, c.clientId);
        events.push({ key: r.sensor_id, value: JSON.stringify(flat), timestamp: String(r.eventMs), headers: m.headers });
        counts.valid++;
        windows.add(r.sensor_id, r.speed, r.volume, r.eventMs, aggs);
      } else {
        const envelope = JSON.stringify({
          reasons: d.reasons,
          source: { topic: batch.topic, partition: batch.partition, offset: Number(m.offset), timestamp: new Date(recordMs).toISOString() },
          original: { key_null: m.key === null, value_null: m.value === null, value_bytes: m.value ? m.value.length : 0 },
          processor_id: c.clientId,
          processed_at: new Date(wallMs).toISOString(),
        });
        dlq.push({
          key: m.key,
          value: m.value,
          timestamp: m.timestamp,
          headers: {
            ...m.headers,
            'traffic.reasons': d.reasons.join(','),
            'traffic.error': envelope,
            'traffic.source.topic': batch.topic,
            'traffic.source.partition': String(batch.partition),
            'traffic.source.offset': m.offset,
            'traffic.source.timestamp': m.timestamp,
          },
        });
        counts.dead_lettered++;
      }
    }
    counts.windows_emitted += aggs.length;
    const topicMessages = [];
    if (events.length) topicMessages.push({ topic: c.output, messages: events });
    if (dlq.length) topicMessages.push({ topic: c.dlq, messages: dlq });
    if (aggs.length) topicMessages.push({ topic: c.agg, messages: aggs });
    const last = batch.messages[batch.messages.length - 1].offset;
    const groups = inSendSizedGroups(topicMessages);
    if (c.eos) {
      const txn = await producer.transaction();
      try {
        for (const group of groups) await txn.sendBatch({ topicMessages: group });
        await txn.sendOffsets({
          consumerGroupId: c.applicationId,
          topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(last) + 1n).toString() }] }],
        });
        await txn.commit();
      } catch (e) {
        await txn.abort().catch(() => {});
        throw e;
      }
    } else {
      for (const group of groups) await producer.sendBatch({ topicMessages: group, acks: -1 });
    }
    resolveOffset(last);
    await heartbeat();
  };

  let exitCode = 0;
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    state = 'STOPPING';
    try {
      await consumer.disconnect();
      await producer.disconnect();
    } catch (e) {
      process.stderr.write(`traffic-kafkajs: disconnect failed: ${e.message}\n`);
      exitCode = 1;
    }
    process.stdout.write(`${stats()}\n`);
    process.exit(exitCode);
  };
  consumer.on(consumer.events.GROUP_JOIN, () => { state = 'RUNNING'; });
  consumer.on(consumer.events.REBALANCING, () => { state = 'REBALANCING'; });
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  consumer.on(consumer.events.CRASH, (e) => {
    if (!e.payload.restart) {
      process.stderr.write(`traffic-kafkajs: consumer crashed: ${e.payload.error}\n`);
      stop(1);
    }
  });

  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [c.input], fromBeginning: true });
  await consumer.run({
    autoCommit: !c.eos,
    autoCommitInterval: c.commitIntervalMs,
    eachBatchAutoResolve: false,
    eachBatch,
  });
  process.stderr.write(`traffic-kafkajs: running (${c.eos ? 'exactly_once_v2' : 'at_least_once'})\n`);
  if (c.statsIntervalMs > 0) {
    setInterval(() => process.stderr.write(`traffic-kafkajs: stats ${stats()}\n`), c.statsIntervalMs).unref();
  }
}

main().catch((e) => {
  process.stderr.write(`traffic-kafkajs: ${e.stack || e}\n`);
  process.exit(1);
});
