package sluice.peers.streams;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.WindowStore;
import sun.misc.Signal;

/**
 * sluice's traffic topology (apps/traffic/topology.cc) on Kafka Streams, as a
 * benchmark peer: decode + validate + flatten each reading; valid ones to
 * OUTPUT_TOPIC keyed by sensor id, invalid ones with their original bytes
 * and the reasons to DLQ_TOPIC; valid ones repartitioned by sensor id into
 * 5-minute tumbling windows (1-minute grace), final results only, to
 * AGG_TOPIC. Configured by environment variables (see bench/peers/README.md).
 * Exit codes: 0 after SIGTERM/SIGINT and a clean close, 1 if the instance
 * fails, 2 for a bad configuration value.
 */
public final class TrafficStreams {
  static final Duration WINDOW_SIZE = Duration.ofMinutes(5);
  static final Duration WINDOW_GRACE = Duration.ofMinutes(1);
  static final Duration WINDOW_RETENTION = Duration.ofHours(2);
  static final double CONGESTION_MPH = 35;
  static final long MAX_CLOCK_SKEW_MS = Duration.ofMinutes(5).toMillis();
  static final long MAX_READING_AGE_MS = Duration.ofDays(365).toMillis();

  static final LongAdder READINGS = new LongAdder();
  static final LongAdder VALID = new LongAdder();
  static final LongAdder DEAD_LETTERED = new LongAdder();
  static final LongAdder WINDOWS = new LongAdder();

  private TrafficStreams() {}

  /** Decodes, validates and flattens; one instance per task. */
  static final class DecodeProcessor
      implements Processor<byte[], byte[], String, Decoded> {
    private final String processorId;
    private final ReadingDecoder decoder =
        new ReadingDecoder(MAX_CLOCK_SKEW_MS, MAX_READING_AGE_MS);
    private final ReadingDecoder.Reading reading = new ReadingDecoder.Reading();
    private final JsonOut json = new JsonOut();
    private ProcessorContext<String, Decoded> context;

    DecodeProcessor(String processorId) {
      this.processorId = processorId;
    }

    @Override
    public void init(ProcessorContext<String, Decoded> context) {
      this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
      READINGS.increment();
      final long wallMs = System.currentTimeMillis();
      // The validation clock is the record's timestamp, sluice's default.
      if (decoder.decode(record.key(), record.value(), record.timestamp(),
          reading) == 0) {
        final Flat flat = new Flat(json.reading(reading, wallMs, processorId),
            reading.speed, reading.volume, reading.eventTimeMs);
        VALID.increment();
        context.forward(record.withKey(reading.sensorId)
            .withValue(new Decoded(flat, null, null))
            .withTimestamp(reading.eventTimeMs));
        return;
      }
      final String[] codes = decoder.reasonCodes();
      final RecordMetadata m = context.recordMetadata().orElseThrow();
      final byte[] value = record.value();
      final Headers h = record.headers();
      h.add("traffic.reasons", String.join(",", codes).getBytes(UTF_8));
      h.add("traffic.error", json.envelope(codes, m.topic(), m.partition(),
          m.offset(), record.timestamp(), record.key() == null, value == null,
          value == null ? 0 : value.length, processorId, wallMs));
      h.add("traffic.source.topic", m.topic().getBytes(UTF_8));
      h.add("traffic.source.partition",
          Integer.toString(m.partition()).getBytes(UTF_8));
      h.add("traffic.source.offset", Long.toString(m.offset()).getBytes(UTF_8));
      h.add("traffic.source.timestamp",
          Long.toString(record.timestamp()).getBytes(UTF_8));
      DEAD_LETTERED.increment();
      context.forward(record.withKey((String) null)
          .withValue(new Decoded(null, record.key(), value)));
    }
  }

  /** The decoder's verdict: `flat` if valid, else the original bytes. */
  record Decoded(Flat flat, byte[] key, byte[] value) {}

  static Topology buildTopology(Config c) {
    final ThreadLocal<JsonOut> windowJson = ThreadLocal.withInitial(JsonOut::new);
    final StreamsBuilder builder = new StreamsBuilder();
    final KStream<String, Decoded> decoded = builder
        .stream(c.input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
            .withName("traffic-raw-source"))
        .process(() -> new DecodeProcessor(c.clientId),
            Named.as("decode-validate-flatten"));
    final Map<String, KStream<String, Decoded>> branches = decoded
        .split(Named.as("readings-"))
        .branch((k, d) -> d.flat() != null, Branched.as("valid"))
        .defaultBranch(Branched.as("invalid"));

    branches.get("readings-invalid")
        .map((k, d) -> KeyValue.pair(d.key(), d.value()),
            Named.as("original-bytes"))
        .to(c.dlq, Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
            .withName("traffic-dlq-sink"));

    final KStream<String, Flat> events = branches.get("readings-valid")
        .mapValues(Decoded::flat, Named.as("flattened-reading"));
    events.to(c.output, Produced.with(Serdes.String(), Flat.serde())
        .withName("traffic-events-sink"));

    // process() may have changed the key: groupByKey repartitions by sensor.
    // Only what a window needs crosses the repartition topic, as in sluice.
    events
        .mapValues(WindowInput::of, Named.as("window-input"))
        .groupByKey(Grouped.with("sensor-readings", Serdes.String(),
            WindowInput.serde()))
        .windowedBy(TimeWindows.ofSizeAndGrace(WINDOW_SIZE, WINDOW_GRACE))
        .emitStrategy(EmitStrategy.onWindowClose())
        .aggregate(() -> new WindowAggregate(CONGESTION_MPH),
            (sensor, w, a) -> a.add(w.speed, w.volume, w.eventMs),
            Named.as("sensor-windows-aggregate"),
            Materialized.<String, WindowAggregate, WindowStore<Bytes, byte[]>>as(
                    "sensor-windows")
                .withKeySerde(Serdes.String())
                .withValueSerde(WindowAggregate.serde())
                .withRetention(WINDOW_RETENTION))
        .toStream(Named.as("closed-windows"))
        .map((w, a) -> {
          WINDOWS.increment();
          return KeyValue.pair(w.key(), windowJson.get().window(w.key(),
              w.window().start(), w.window().end(), a));
        }, Named.as("window-result-json"))
        .to(c.agg, Produced.with(Serdes.String(), Serdes.ByteArray())
            .withName("traffic-aggregates-sink"));
    return builder.build();
  }

  /** The environment, checked. */
  static final class Config {
    String bootstrap = env("BOOTSTRAP", "localhost:9092");
    String applicationId = env("APPLICATION_ID", "traffic-kafka-streams");
    String clientId = env("CLIENT_ID", "stream-processor-client");
    String input = env("INPUT_TOPIC", "traffic-raw");
    String output = env("OUTPUT_TOPIC", "traffic-events");
    String dlq = env("DLQ_TOPIC", "traffic-dlq");
    String agg = env("AGG_TOPIC", "traffic-aggregates");
    String guarantee = env("GUARANTEE", "exactly_once_v2");
    String stateDir = env("STATE_DIR", "/tmp/kafka-streams-traffic");
    long commitIntervalMs;
    int threads;
    long statsIntervalMs;
    long emitIntervalMs; // -1: Kafka Streams' default

    Config() {
      if (!guarantee.equals("exactly_once_v2")
          && !guarantee.equals("at_least_once")) {
        throw new IllegalArgumentException(
            "GUARANTEE must be exactly_once_v2 or at_least_once");
      }
      final boolean eos = guarantee.equals("exactly_once_v2");
      commitIntervalMs = number("COMMIT_INTERVAL_MS", eos ? 100 : 30000, 0);
      threads = (int) number("NUM_STREAM_THREADS", 1, 1);
      statsIntervalMs = number("STATS_INTERVAL_MS", 10000, 0);
      emitIntervalMs = number("EMIT_INTERVAL_MS", -1, 0);
    }

    private static String env(String name, String fallback) {
      final String v = System.getenv(name);
      return v == null || v.isEmpty() ? fallback : v;
    }

    private static long number(String name, long fallback, long min) {
      final String v = System.getenv(name);
      if (v == null || v.isEmpty()) return fallback;
      try {
        final long n = Long.parseLong(v);
        if (n >= min) return n;
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(name + " must be an integer >= " + min);
    }

    Properties properties() {
      final Properties p = new Properties();
      p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
      p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(StreamsConfig.CLIENT_ID_CONFIG, clientId);
      p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
      p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
      p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
      p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
      // emitStrategy(onWindowClose) looks for closed windows at most once
      // per EMIT_INTERVAL_MS (Kafka Streams' default: 1000): each look is a
      // range scan of the window store. A window closed by the last readings
      // of an input thus waits for a record that arrives at least that long
      // after the previous look. 0 looks after every record whose stream
      // time closes more windows (as sluice does), at that cost.
      if (emitIntervalMs >= 0) {
        p.put(StreamsConfig.InternalConfig.EMIT_INTERVAL_MS_KSTREAMS_WINDOWED_AGGREGATION,
            emitIntervalMs);
      }
      return p;
    }
  }

  private static long taskMetricSum(KafkaStreams streams, String name) {
    double sum = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
      if (e.getKey().name().equals(name)
          && e.getKey().group().equals("stream-task-metrics")
          && e.getValue().metricValue() instanceof Number n) {
        sum += n.doubleValue();
      }
    }
    return (long) sum;
  }

  private static String stats(KafkaStreams streams) {
    return String.format(
        "{\"readings\":%d,\"valid\":%d,\"dead_lettered\":%d,"
            + "\"windows_emitted\":%d,\"late_dropped\":%d,\"state\":\"%s\"}",
        READINGS.sum(), VALID.sum(), DEAD_LETTERED.sum(), WINDOWS.sum(),
        taskMetricSum(streams, "dropped-records-total"), streams.state());
  }

  private static byte[] hex(String text) {
    if (text.equals("-")) return null;
    final byte[] out = new byte[text.length() / 2];
    for (int i = 0; i < out.length; ++i) {
      out[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  /**
   * Checking aid (bench/peers/check_golden.py): reads lines
   * "<now_ms> <processed_at_ms> <key hex or -> <value hex or ->" from stdin
   * and writes per line either "valid <flattened JSON>" or
   * "invalid <reasons,comma-separated>", with the decoder and writer that
   * the topology uses.
   */
  private static void decodeLines(String processorId) {
    final ReadingDecoder decoder =
        new ReadingDecoder(MAX_CLOCK_SKEW_MS, MAX_READING_AGE_MS);
    final ReadingDecoder.Reading reading = new ReadingDecoder.Reading();
    final JsonOut json = new JsonOut();
    final java.util.Scanner in = new java.util.Scanner(System.in, UTF_8);
    while (in.hasNextLine()) {
      final String[] f = in.nextLine().split(" ", -1);
      if (f.length != 4) continue;
      final long now = Long.parseLong(f[0]);
      if (decoder.decode(hex(f[2]), hex(f[3]), now, reading) == 0) {
        System.out.println("valid " + new String(
            json.reading(reading, Long.parseLong(f[1]), processorId), UTF_8));
      } else {
        System.out.println("invalid " + String.join(",", decoder.reasonCodes()));
      }
    }
  }

  public static void main(String[] args) throws InterruptedException {
    final Config config;
    try {
      config = new Config();
    } catch (IllegalArgumentException e) {
      System.err.println("traffic-kafka-streams: " + e.getMessage());
      System.exit(2);
      return;
    }
    final Topology topology = buildTopology(config);
    if (args.length > 0 && args[0].equals("--print-topology")) {
      System.out.println(topology.describe());
      return;
    }
    if (args.length > 0 && args[0].equals("--decode-lines")) {
      decodeLines(config.clientId);
      return;
    }
    final KafkaStreams streams = new KafkaStreams(topology, config.properties());
    final CountDownLatch done = new CountDownLatch(1);
    final AtomicBoolean failed = new AtomicBoolean(false);
    streams.setUncaughtExceptionHandler(e -> {
      System.err.println("traffic-kafka-streams: stream thread failed: " + e);
      failed.set(true);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
          .SHUTDOWN_CLIENT;
    });
    streams.setStateListener((now, before) -> {
      System.err.println("traffic-kafka-streams: state " + before + " -> " + now);
      if (now == KafkaStreams.State.ERROR) {
        failed.set(true);
        done.countDown();
      }
      if (now == KafkaStreams.State.PENDING_SHUTDOWN
          || now == KafkaStreams.State.NOT_RUNNING) {
        done.countDown();
      }
    });
    Signal.handle(new Signal("TERM"), s -> done.countDown());
    Signal.handle(new Signal("INT"), s -> done.countDown());
    streams.start();
    final Thread reporter = new Thread(() -> {
      try {
        while (config.statsIntervalMs > 0) {
          Thread.sleep(config.statsIntervalMs);
          System.err.println("traffic-kafka-streams: stats " + stats(streams));
        }
      } catch (InterruptedException e) {
        // closing
      }
    }, "stats");
    reporter.setDaemon(true);
    reporter.start();
    done.await();
    reporter.interrupt();
    final boolean closed = streams.close(Duration.ofSeconds(60));
    System.out.println(stats(streams));
    System.out.flush();
    System.exit(failed.get() || !closed ? 1 : 0);
  }
}
