package sluice.peers.streams;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A valid reading as written to the events topic (its flattened JSON) plus
 * the numbers its window needs (WindowInput, which is what crosses the
 * repartition topic). The deserializer parses speed, volume and timestamp
 * back out of the JSON, as sluice's flat_reading_serde does.
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

  private static final JsonFactory FACTORY = new JsonFactory();

  static Flat parse(byte[] json) {
    double speed = Double.NaN;
    double volume = Double.NaN;
    long eventMs = Iso8601.UNPARSABLE;
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new SerializationException("flat reading: not an object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        final String name = p.currentName();
        final JsonToken v = p.nextToken();
        if (v.isNumeric() && name.equals("speed")) {
          speed = p.getDoubleValue();
        } else if (v.isNumeric() && name.equals("volume")) {
          volume = p.getDoubleValue();
        } else if (v == JsonToken.VALUE_STRING && name.equals("timestamp")) {
          eventMs = Iso8601.parse(p.getText());
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new SerializationException("flat reading: not JSON", e);
    }
    if (!Double.isFinite(speed) || !Double.isFinite(volume)
        || eventMs == Iso8601.UNPARSABLE) {
      throw new SerializationException("flat reading: fields missing");
    }
    return new Flat(json, speed, volume, eventMs);
  }

  static Serde<Flat> serde() {
    final Serializer<Flat> ser = (topic, f) -> f == null ? null : f.json;
    final Deserializer<Flat> de = (topic, b) -> b == null ? null : parse(b);
    return Serdes.serdeFrom(ser, de);
  }
}
