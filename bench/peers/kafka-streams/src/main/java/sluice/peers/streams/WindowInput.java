package sluice.peers.streams;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What a reading's window needs, and all of it that crosses the repartition
 * topic: the same 25 bytes as sluice's window_input_serde (a format byte,
 * then speed, volume and event time, little-endian).
 */
final class WindowInput {
  static final byte FORMAT = 1;
  static final int BYTES = 1 + 3 * 8;

  final double speed;
  final double volume;
  final long eventMs;

  WindowInput(double speed, double volume, long eventMs) {
    this.speed = speed;
    this.volume = volume;
    this.eventMs = eventMs;
  }

  static WindowInput of(Flat f) {
    return new WindowInput(f.speed, f.volume, f.eventMs);
  }

  static Serde<WindowInput> serde() {
    final Serializer<WindowInput> ser = (topic, w) -> {
      if (w == null) return null;
      return ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN)
          .put(FORMAT).putDouble(w.speed).putDouble(w.volume)
          .putLong(w.eventMs).array();
    };
    final Deserializer<WindowInput> de = (topic, b) -> {
      if (b == null) return null;
      if (b.length != BYTES || b[0] != FORMAT) {
        throw new SerializationException("window input: not 25 bytes of format 1");
      }
      final ByteBuffer in = ByteBuffer.wrap(b, 1, BYTES - 1)
          .order(ByteOrder.LITTLE_ENDIAN);
      return new WindowInput(in.getDouble(), in.getDouble(), in.getLong());
    };
    return Serdes.serdeFrom(ser, de);
  }
}
