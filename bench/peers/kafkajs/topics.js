'use strict';
// Verification aid for bench/peers/verify.sh (not part of the peer):
//   node topics.js create <brokers> <partitions> <topic>...
//   node topics.js count <brokers> <topic>
// `count` reads a topic from the beginning (read_committed) until it has
// been idle for 4 s and prints one JSON line: records, the DLQ reason codes
// (traffic.reasons header) counted per code, and for window results the
// number of windows and the sum of their "count".
const { Kafka, logLevel } = require('kafkajs');

async function create(kafka, partitions, topics) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    // KafkaJS's own wait for leaders gives up on UNKNOWN_TOPIC_OR_PARTITION,
    // which a busy broker answers for a while: wait below instead.
    waitForLeaders: false,
    timeout: 60000,
    // No retention by time: readings are timestamped with simulated time,
    // which for a large backlog reaches back further than a test broker's
    // retention (scripts/kafka-local.sh: 24 h, 1 MiB segments), and the
    // broker would delete the oldest input while a later contender reads it.
    topics: topics.map((topic) => ({
      topic, numPartitions: partitions, replicationFactor: 1,
      configEntries: [{ name: 'retention.ms', value: '-1' }],
    })),
  });
  for (const deadline = Date.now() + 60000; ;) {
    try {
      const meta = await admin.fetchTopicMetadata({ topics });
      if (meta.topics.every((t) => t.partitions.length === partitions &&
          t.partitions.every((p) => p.leader >= 0))) break;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    if (Date.now() > deadline) throw new Error(`no leaders for ${topics}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  await admin.disconnect();
}

async function count(kafka, topic) {
  const consumer = kafka.consumer({ groupId: `count-${topic}-${process.pid}-${Date.now()}`, readUncommitted: false });
  const result = { topic, records: 0, reasons: {}, windows: 0, window_readings: 0 };
  let last = Date.now();
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      last = Date.now();
      result.records++;
      const reasons = message.headers && message.headers['traffic.reasons'];
      if (reasons) {
        for (const r of reasons.toString().split(',')) result.reasons[r] = (result.reasons[r] || 0) + 1;
      }
      if (message.value && message.value.length && message.value[0] === 0x7b) {
        try {
          const v = JSON.parse(message.value.toString());
          if (v.window_start !== undefined) {
            result.windows++;
            result.window_readings += v.count;
          }
        } catch (e) { /* not JSON: a DLQ value */ }
      }
    },
  });
  while (Date.now() - last < 4000) await new Promise((r) => setTimeout(r, 250));
  await consumer.disconnect();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function main() {
  const [cmd, brokers, ...rest] = process.argv.slice(2);
  const kafka = new Kafka({
    clientId: 'peers-topics', brokers: brokers.split(','), logLevel: logLevel.ERROR,
    requestTimeout: 60000,
  });
  if (cmd === 'create') await create(kafka, Number(rest[0]), rest.slice(1));
  else if (cmd === 'count') await count(kafka, rest[0]);
  else throw new Error('usage: topics.js create|count ...');
}

main().catch((e) => { process.stderr.write(`topics.js: ${e.stack || e}\n`); process.exit(1); });
