package sluice.peers.streams;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes and validates one nested METR-LA reading with the rules of sluice's
 * apps/traffic/core (reading_parser.h, validator.h): same fields, same reason
 * codes, every applicable reason reported, in the same order. The JSON is
 * read token by token with Jackson's streaming parser; only the known fields
 * are kept. Not thread-safe: one decoder per stream task.
 */
final class ReadingDecoder {
  static final int MAX_VALUE_BYTES = 64 * 1024;
  static final int MAX_DEPTH = 64;
  static final double MIN_SPEED = 0;
  static final double MAX_SPEED = 120;
  static final double MIN_VOLUME = 0;
  static final double MAX_VOLUME = 10000;

  enum Kind { OBJECT, STRING, NUMBER }

  /** The known fields, parents first, in sluice's Field order. */
  enum Field {
    SENSOR_ID("sensor_id", "sensor_id", -1, Kind.STRING, true),
    TIMESTAMP("timestamp", "timestamp", -1, Kind.STRING, true),
    TRAFFIC_DATA("traffic_data", "traffic_data", -1, Kind.OBJECT, true),
    SPEED("traffic_data.speed_mph", "speed_mph", 2, Kind.NUMBER, true),
    VOLUME("traffic_data.volume_vehicles_per_hour", "volume_vehicles_per_hour",
        2, Kind.NUMBER, true),
    OCCUPANCY("traffic_data.occupancy", "occupancy", 2, Kind.NUMBER, false),
    LOCATION("location", "location", -1, Kind.OBJECT, true),
    HIGHWAY("location.highway", "highway", 6, Kind.STRING, true),
    DIRECTION("location.direction", "direction", 6, Kind.STRING, true),
    LANES("location.lanes", "lanes", 6, Kind.NUMBER, true),
    LATITUDE("location.latitude", "latitude", 6, Kind.NUMBER, false),
    LONGITUDE("location.longitude", "longitude", 6, Kind.NUMBER, false),
    WEATHER("weather", "weather", -1, Kind.OBJECT, true),
    CONDITION("weather.condition", "condition", 12, Kind.STRING, true),
    TEMPERATURE("weather.temperature_f", "temperature_f", 12, Kind.NUMBER,
        false);

    final String name;
    final String key;
    final int parent; // ordinal of the parent object field, -1 for the root
    final Kind kind;
    final boolean required;

    Field(String name, String key, int parent, Kind kind, boolean required) {
      this.name = name;
      this.key = key;
      this.parent = parent;
      this.kind = kind;
      this.required = required;
    }
  }

  private static final Field[] FIELDS = Field.values();
  private static final int N = FIELDS.length;

  // Reason kinds in sluice's ReasonKind order; the last four name a field.
  static final String[] KIND_NAMES = {
    "malformed_json", "empty_value", "too_large", "speed_out_of_range",
    "volume_out_of_range", "invalid_lanes", "invalid_direction",
    "timestamp_unparsable", "timestamp_in_future", "timestamp_too_old",
    "missing_field", "wrong_type", "duplicate_field", "non_finite",
  };
  static final int MALFORMED = 0, EMPTY = 1, TOO_LARGE = 2, SPEED_RANGE = 3,
      VOLUME_RANGE = 4, LANES_INVALID = 5, DIRECTION_INVALID = 6,
      TS_UNPARSABLE = 7, TS_FUTURE = 8, TS_OLD = 9, MISSING = 10,
      WRONG_TYPE = 11, DUPLICATE = 12, NON_FINITE = 13;
  private static final int UNSCOPED = 10;

  private enum State { ABSENT, NULL, WRONG_TYPE, DUPLICATE, NON_FINITE, PRESENT }

  /** The validated, flattened reading (valid when reasons() is empty). */
  static final class Reading {
    String sensorId;
    long eventTimeMs;
    double speed;
    double volume;
    String highway;
    char direction;
    int lanes;
    String condition;
    Double occupancy;
    Double latitude;
    Double longitude;
    Double temperature;
  }

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxNumberLength(MAX_VALUE_BYTES)
          .build())
      .build();

  private final long maxClockSkewMs;
  private final long maxAgeMs;
  private final State[] states = new State[N];
  private final double[] numbers = new double[N];
  private final String[] texts = new String[N];
  // Unscoped reasons by kind, and field-scoped ones by kind and field.
  private final boolean[] unscoped = new boolean[UNSCOPED];
  private final boolean[][] scoped = new boolean[4][N];
  private int reasonCount;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);

  ReadingDecoder(long maxClockSkewMs, long maxAgeMs) {
    this.maxClockSkewMs = maxClockSkewMs;
    this.maxAgeMs = maxAgeMs;
  }

  /**
   * Decodes one record into *out. Returns the number of reasons (0: valid);
   * reasonCodes() then lists them.
   */
  int decode(byte[] key, byte[] value, long nowMs, Reading out) {
    java.util.Arrays.fill(unscoped, false);
    for (boolean[] row : scoped) java.util.Arrays.fill(row, false);
    reasonCount = 0;
    if (value == null || value.length == 0) return only(EMPTY);
    if (value.length > MAX_VALUE_BYTES) return only(TOO_LARGE);
    if (value[0] != '{' && isBlankOrNull(value)) return only(EMPTY);
    if (!isUtf8(value) || !parse(value)) return only(MALFORMED);
    validate(key, nowMs, out);
    return reasonCount;
  }

  /** The reason codes of the last decode(), in sluice's ReasonSet order. */
  String[] reasonCodes() {
    final String[] codes = new String[reasonCount];
    int i = 0;
    for (int k = 0; k < UNSCOPED; ++k) {
      if (unscoped[k]) codes[i++] = KIND_NAMES[k];
    }
    for (int k = 0; k < 4; ++k) {
      for (int f = 0; f < N; ++f) {
        if (scoped[k][f]) {
          codes[i++] = KIND_NAMES[UNSCOPED + k] + ':' + FIELDS[f].name;
        }
      }
    }
    return codes;
  }

  private int only(int kind) {
    unscoped[kind] = true;
    reasonCount = 1;
    return 1;
  }

  private void add(int kind) {
    if (!unscoped[kind]) {
      unscoped[kind] = true;
      ++reasonCount;
    }
  }

  private void add(int kind, Field field) {
    final boolean[] row = scoped[kind - UNSCOPED];
    if (!row[field.ordinal()]) {
      row[field.ordinal()] = true;
      ++reasonCount;
    }
  }

  private static boolean isWs(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  private static boolean isBlankOrNull(byte[] v) {
    int a = 0;
    int b = v.length;
    while (a < b && isWs(v[a])) ++a;
    while (b > a && isWs(v[b - 1])) --b;
    return a == b || (b - a == 4 && v[a] == 'n' && v[a + 1] == 'u'
        && v[a + 2] == 'l' && v[a + 3] == 'l');
  }

  // ---- parsing -------------------------------------------------------------

  /**
   * Strict UTF-8 (no overlong forms, surrogates or code points past
   * U+10FFFF), over the whole value as simdjson checks it: Jackson decodes
   * some invalid sequences (overlong ones) without complaint.
   */
  static boolean isUtf8(byte[] b) {
    int i = 0;
    final int n = b.length;
    while (i < n) {
      final int c = b[i] & 0xff;
      if (c < 0x80) {
        ++i;
        continue;
      }
      int need;
      int min;
      int cp;
      if (c >= 0xc2 && c <= 0xdf) {
        need = 1;
        min = 0x80;
        cp = c & 0x1f;
      } else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        min = 0x800;
        cp = c & 0x0f;
      } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        min = 0x10000;
        cp = c & 0x07;
      } else {
        return false;
      }
      if (i + need >= n) return false; // truncated sequence
      for (int k = 1; k <= need; ++k) {
        final int t = b[i + k] & 0xff;
        if ((t & 0xc0) != 0x80) return false;
        cp = (cp << 6) | (t & 0x3f);
      }
      if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        return false;
      }
      i += need + 1;
    }
    return true;
  }

  private boolean parse(byte[] value) {
    java.util.Arrays.fill(states, State.ABSENT);
    java.util.Arrays.fill(texts, null);
    try (JsonParser p = FACTORY.createParser(value)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return false;
      readObject(p, -1, true);
      return p.nextToken() == null; // nothing after the object
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static Field child(int parent, String key) {
    for (Field f : FIELDS) {
      if (f.parent == parent && f.key.equals(key)) return f;
    }
    return null;
  }

  /**
   * Returns `s`, or throws if it holds a lone surrogate: Jackson accepts a
   * lone \\uD800 escape, sluice (simdjson) rejects it as malformed JSON.
   */
  private static String text(String s) throws IOException {
    for (int i = 0; i < s.length(); ++i) {
      final char c = s.charAt(i);
      if (!Character.isSurrogate(c)) continue;
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        ++i;
        continue;
      }
      throw new IOException("lone surrogate");
    }
    return s;
  }

  private void readObject(JsonParser p, int parent, boolean record)
      throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
      if (t != JsonToken.FIELD_NAME) throw new IOException("expected a key");
      final Field known = record ? child(parent, text(p.currentName())) : null;
      final JsonToken v = p.nextToken();
      if (known == null) {
        checkValue(p, v);
      } else {
        readField(p, v, known);
      }
    }
  }

  private void readField(JsonParser p, JsonToken v, Field f) throws IOException {
    final int i = f.ordinal();
    if (states[i] != State.ABSENT) {
      states[i] = State.DUPLICATE;
      checkValue(p, v);
      return;
    }
    if (v == JsonToken.VALUE_NULL) {
      states[i] = State.NULL;
    } else if (f.kind == Kind.OBJECT && v == JsonToken.START_OBJECT) {
      states[i] = State.PRESENT;
      readObject(p, i, true);
    } else if (f.kind == Kind.STRING && v == JsonToken.VALUE_STRING) {
      states[i] = State.PRESENT;
      texts[i] = text(p.getText());
    } else if (f.kind == Kind.NUMBER && (v == JsonToken.VALUE_NUMBER_INT
        || v == JsonToken.VALUE_NUMBER_FLOAT)) {
      final double d = number(p);
      states[i] = Double.isFinite(d) ? State.PRESENT : State.NON_FINITE;
      numbers[i] = d;
    } else {
      states[i] = State.WRONG_TYPE;
      checkValue(p, v);
    }
  }

  /**
   * The number at the parser. Of the non-numeric tokens Jackson accepts
   * (ALLOW_NON_NUMERIC_NUMBERS), sluice accepts only NaN, Infinity and
   * -Infinity; "+Infinity", "INF", "-INF", "+INF" are malformed there.
   */
  private static double number(JsonParser p) throws IOException {
    final double d = p.getDoubleValue();
    if (Double.isFinite(d) || p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
      return d;
    }
    final String text = p.getText();
    final char c = text.charAt(text.charAt(0) == '-' ? 1 : 0);
    if ((c >= '0' && c <= '9') || text.equals("NaN") || text.equals("Infinity")
        || text.equals("-Infinity")) {
      return d; // a literal sluice accepts, or a number that overflows
    }
    throw new IOException("non-numeric token " + text);
  }

  /** Consumes and checks a value whose content is not kept. */
  private void checkValue(JsonParser p, JsonToken v) throws IOException {
    switch (v) {
      case START_OBJECT:
        readObject(p, -1, false);
        break;
      case START_ARRAY:
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY;
             t = p.nextToken()) {
          checkValue(p, t);
        }
        break;
      case VALUE_STRING:
        text(p.getText()); // decoded: invalid UTF-8 fails as in sluice
        break;
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        number(p);
        break;
      case VALUE_TRUE:
      case VALUE_FALSE:
      case VALUE_NULL:
        break;
      default:
        throw new IOException("unexpected token " + v);
    }
  }

  // ---- validation ----------------------------------------------------------

  private boolean sensorIdFromKey(byte[] key, Reading out) {
    if (key == null || key.length == 0) return false;
    try {
      out.sensorId = utf8.decode(ByteBuffer.wrap(key)).toString();
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private void validate(byte[] key, long nowMs, Reading out) {
    out.occupancy = null;
    out.latitude = null;
    out.longitude = null;
    out.temperature = null;
    for (Field f : FIELDS) {
      if (f.parent >= 0 && states[f.parent] != State.PRESENT) continue;
      switch (states[f.ordinal()]) {
        case ABSENT:
        case NULL:
          if (f == Field.SENSOR_ID && sensorIdFromKey(key, out)) break;
          if (f.required) add(MISSING, f);
          break;
        case WRONG_TYPE:
          add(WRONG_TYPE, f);
          break;
        case DUPLICATE:
          add(DUPLICATE, f);
          break;
        case NON_FINITE:
          add(NON_FINITE, f);
          break;
        case PRESENT:
          checkPresent(f, key, nowMs, out);
          break;
        default:
          break;
      }
    }
  }

  private void checkPresent(Field f, byte[] key, long nowMs, Reading out) {
    final int i = f.ordinal();
    final double n = numbers[i];
    final String s = texts[i];
    switch (f) {
      case SENSOR_ID:
        if (!s.isEmpty()) {
          out.sensorId = s;
        } else if (!sensorIdFromKey(key, out)) {
          add(MISSING, f);
        }
        break;
      case TIMESTAMP: {
        final long event = Iso8601.parse(s);
        if (event == Iso8601.UNPARSABLE) {
          add(TS_UNPARSABLE);
          break;
        }
        out.eventTimeMs = event;
        if (event > saturatingAdd(nowMs, maxClockSkewMs)) add(TS_FUTURE);
        if (event < saturatingAdd(nowMs, -maxAgeMs)) add(TS_OLD);
        break;
      }
      case SPEED:
        out.speed = n;
        if (!(n >= MIN_SPEED && n <= MAX_SPEED)) add(SPEED_RANGE);
        break;
      case VOLUME:
        out.volume = n;
        if (!(n >= MIN_VOLUME && n <= MAX_VOLUME)) add(VOLUME_RANGE);
        break;
      case HIGHWAY:
        if (s.isEmpty()) add(MISSING, f);
        out.highway = s;
        break;
      case DIRECTION:
        if (s.length() == 1 && "NSEW".indexOf(s.charAt(0)) >= 0) {
          out.direction = s.charAt(0);
        } else {
          add(DIRECTION_INVALID);
        }
        break;
      case LANES:
        if (n >= 1 && n <= Integer.MAX_VALUE && Math.floor(n) == n) {
          out.lanes = (int) n;
        } else {
          add(LANES_INVALID);
        }
        break;
      case CONDITION:
        if (s.isEmpty()) add(MISSING, f);
        out.condition = s;
        break;
      case OCCUPANCY:
        out.occupancy = n;
        break;
      case LATITUDE:
        out.latitude = n;
        break;
      case LONGITUDE:
        out.longitude = n;
        break;
      case TEMPERATURE:
        out.temperature = n;
        break;
      default:
        break;
    }
  }

  private static long saturatingAdd(long a, long b) {
    final long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    return r;
  }
}
