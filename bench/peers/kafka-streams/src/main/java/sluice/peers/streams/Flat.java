package sluice.peers.streams;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A valid reading as written to the events topic (its flattened JSON) plus
 * the numbers its window needs (WindowInput, which is what crosses the
 * repartition topic). Only written: nothing in the peer reads it back.
 */
final class Flat {
  final byte[] json;
  final double speed;
  final double volume;
  final long eventMs;

  Flat(byte[] json, double speed, double volume, long eventMs) {
    this.json = json;
    this.speed = speed;
    this.volume = volume;
    this.eventMs = eventMs;
  }

  static Serde<Flat> serde() {
    final Serializer<Flat> ser = (topic, f) -> f == null ? null : f.json;
    final Deserializer<Flat> de = (topic, b) -> {
      throw new SerializationException(
          "flat reading: the events topic is written, never read, here");
    };
    return Serdes.serdeFrom(ser, de);
  }
}
