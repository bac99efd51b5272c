package sluice.peers.streams;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON texts the app writes, member for member as sluice writes them:
 * the flattened reading, the window result and the dead-letter envelope.
 * Numbers are shortest round-trip; integral values without ".0".
 * Not thread-safe: one instance per stream task.
 */
final class JsonOut {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
      .build();

  private final ByteArrayBuilder buffer = new ByteArrayBuilder(512);

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private byte[] write(Body body) {
    buffer.reset();
    try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
      g.writeStartObject();
      body.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  /** As sluice's format_json_number: integral values without a fraction. */
  static void number(JsonGenerator g, String name, double v) throws IOException {
    g.writeFieldName(name);
    if (!Double.isFinite(v)) {
      g.writeNull();
    } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      g.writeNumber((long) v);
    } else {
      g.writeNumber(v);
    }
  }

  /** The flattened reading (traffic-events value). */
  byte[] reading(ReadingDecoder.Reading r, long processedAtMs,
      String processorId) {
    return write(g -> {
      g.writeStringField("sensor_id", r.sensorId);
      g.writeStringField("timestamp", Iso8601.format(r.eventTimeMs));
      number(g, "speed", r.speed);
      number(g, "volume", r.volume);
      g.writeStringField("highway", r.highway);
      g.writeStringField("direction", String.valueOf(r.direction));
      g.writeNumberField("lane_count", r.lanes);
      g.writeStringField("weather_conditions", r.condition);
      g.writeStringField("processed_at", Iso8601.format(processedAtMs));
      g.writeStringField("processor_id", processorId);
      g.writeStringField("validation_status", "valid");
      if (r.occupancy != null) number(g, "occupancy", r.occupancy);
      if (r.latitude != null) number(g, "latitude", r.latitude);
      if (r.longitude != null) number(g, "longitude", r.longitude);
      if (r.temperature != null) number(g, "temperature_f", r.temperature);
    });
  }

  /** The window result (traffic-aggregates value). */
  byte[] window(String sensorId, long startMs, long endMs, WindowAggregate a) {
    final boolean empty = a.count == 0;
    return write(g -> {
      g.writeStringField("sensor_id", sensorId);
      g.writeStringField("window_start", Iso8601.format(startMs));
      g.writeStringField("window_end", Iso8601.format(endMs));
      g.writeNumberField("count", a.count);
      stat(g, "min_speed_mph", empty, a.minSpeed);
      stat(g, "avg_speed_mph", empty, a.averageSpeed());
      stat(g, "max_speed_mph", empty, a.maxSpeed);
      number(g, "total_volume", a.volumeSum);
      stat(g, "avg_volume", empty, a.averageVolume());
      g.writeNumberField("congested_count", a.congested);
      stat(g, "congested_share", empty, a.congestedShare());
      number(g, "congestion_threshold_mph", a.threshold);
      if (empty) {
        g.writeNullField("first_event_time");
        g.writeNullField("last_event_time");
      } else {
        g.writeStringField("first_event_time", Iso8601.format(a.firstMs));
        g.writeStringField("last_event_time", Iso8601.format(a.lastMs));
      }
    });
  }

  private static void stat(JsonGenerator g, String name, boolean empty,
      double v) throws IOException {
    if (empty) {
      g.writeNullField(name);
    } else {
      number(g, name, v);
    }
  }

  /** The dead-letter envelope (traffic.error header). */
  byte[] envelope(String[] reasons, String topic, int partition, long offset,
      long timestampMs, boolean keyNull, boolean valueNull, int valueBytes,
      String processorId, long processedAtMs) {
    return write(g -> {
      g.writeArrayFieldStart("reasons");
      for (String r : reasons) g.writeString(r);
      g.writeEndArray();
      g.writeObjectFieldStart("source");
      g.writeStringField("topic", topic);
      g.writeNumberField("partition", partition);
      g.writeNumberField("offset", offset);
      g.writeStringField("timestamp", Iso8601.format(timestampMs));
      g.writeEndObject();
      g.writeObjectFieldStart("original");
      g.writeBooleanField("key_null", keyNull);
      g.writeBooleanField("value_null", valueNull);
      g.writeNumberField("value_bytes", valueBytes);
      g.writeEndObject();
      g.writeStringField("processor_id", processorId);
      g.writeStringField("processed_at", Iso8601.format(processedAtMs));
    });
  }
}
