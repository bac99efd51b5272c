package sluice.peers.streams;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Per-sensor statistics of one window, as sluice's WindowAggregate: count,
 * min/avg/max speed, total/avg volume, congested count (speed strictly below
 * the threshold), first and last event time. Stored as 73 fixed bytes.
 */
final class WindowAggregate {
  double threshold;
  long count;
  long congested;
  double speedSum;
  double minSpeed;
  double maxSpeed;
  double volumeSum;
  long firstMs;
  long lastMs;

  WindowAggregate(double threshold) {
    this.threshold = threshold;
  }

  /** Adds one reading (mutates and returns this: the store holds bytes). */
  WindowAggregate add(double speed, double volume, long eventMs) {
    if (count == 0) {
      minSpeed = maxSpeed = speed;
      firstMs = lastMs = eventMs;
    } else {
      minSpeed = Math.min(minSpeed, speed);
      maxSpeed = Math.max(maxSpeed, speed);
      firstMs = Math.min(firstMs, eventMs);
      lastMs = Math.max(lastMs, eventMs);
    }
    ++count;
    speedSum += speed;
    volumeSum += volume;
    if (speed < threshold) ++congested;
    return this;
  }

  double averageSpeed() {
    return count == 0 ? 0 : speedSum / count;
  }

  double averageVolume() {
    return count == 0 ? 0 : volumeSum / count;
  }

  double congestedShare() {
    return count == 0 ? 0 : (double) congested / count;
  }

  private static final int BYTES = 1 + 9 * 8;

  static Serde<WindowAggregate> serde() {
    final Serializer<WindowAggregate> ser = (topic, a) -> {
      if (a == null) return null;
      final ByteBuffer b = ByteBuffer.allocate(BYTES);
      b.put((byte) 1).putLong(a.count).putLong(a.congested)
          .putDouble(a.threshold).putDouble(a.speedSum).putDouble(a.minSpeed)
          .putDouble(a.maxSpeed).putDouble(a.volumeSum).putLong(a.firstMs)
          .putLong(a.lastMs - a.firstMs);
      return b.array();
    };
    final Deserializer<WindowAggregate> de = (topic, bytes) -> {
      if (bytes == null) return null;
      final ByteBuffer b = ByteBuffer.wrap(bytes);
      if (b.get() != 1) throw new IllegalArgumentException("aggregate version");
      final long count = b.getLong();
      final long congested = b.getLong();
      final WindowAggregate a = new WindowAggregate(b.getDouble());
      a.count = count;
      a.congested = congested;
      a.speedSum = b.getDouble();
      a.minSpeed = b.getDouble();
      a.maxSpeed = b.getDouble();
      a.volumeSum = b.getDouble();
      a.firstMs = b.getLong();
      a.lastMs = a.firstMs + b.getLong();
      return a;
    };
    return Serdes.serdeFrom(ser, de);
  }
}
