package sluice.peers.streams;

/**
 * ISO-8601 timestamps in UTC epoch milliseconds, with the exact rules of
 * sluice's apps/traffic/core/iso8601.h: "YYYY-MM-DDTHH:MM:SS", an optional
 * '.' and 1-9 fraction digits (truncated to ms), then 'Z' or "+HH:MM"/"-HH:MM".
 */
final class Iso8601 {
  static final long UNPARSABLE = Long.MIN_VALUE;
  private static final long MS_PER_DAY = 86_400_000L;
  private static final long MIN_MS = -62167219200000L;
  private static final long MAX_MS = 253402300799999L;

  private Iso8601() {}

  private static boolean isLeap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  }

  private static int daysInMonth(int y, int m) {
    final int[] days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : days[m - 1];
  }

  static long daysFromCivil(int year, int month, int day) {
    final long y = (long) year - (month <= 2 ? 1 : 0);
    final long era = Math.floorDiv(y, 400);
    final long yoe = y - era * 400;
    final long mp = (month + 9) % 12;
    final long doy = (153 * mp + 2) / 5 + day - 1;
    final long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  /** Reads `count` digits at s[pos..]; -1 if they are not all digits. */
  private static int digits(String s, int pos, int count) {
    if (s.length() - pos < count) return -1;
    int v = 0;
    for (int i = 0; i < count; ++i) {
      final char c = s.charAt(pos + i);
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean at(String s, int pos, char c) {
    return pos < s.length() && s.charAt(pos) == c;
  }

  /** Epoch ms of `s`, or UNPARSABLE. */
  static long parse(String s) {
    final int year = digits(s, 0, 4);
    if (year < 0 || !at(s, 4, '-')) return UNPARSABLE;
    final int month = digits(s, 5, 2);
    if (month < 1 || month > 12 || !at(s, 7, '-')) return UNPARSABLE;
    final int day = digits(s, 8, 2);
    if (day < 1 || day > daysInMonth(year, month) || !at(s, 10, 'T')) {
      return UNPARSABLE;
    }
    final int hour = digits(s, 11, 2);
    if (hour < 0 || hour > 23 || !at(s, 13, ':')) return UNPARSABLE;
    final int minute = digits(s, 14, 2);
    if (minute < 0 || minute > 59 || !at(s, 16, ':')) return UNPARSABLE;
    final int second = digits(s, 17, 2);
    if (second < 0 || second > 59) return UNPARSABLE;
    int pos = 19;
    int millis = 0;
    if (at(s, pos, '.')) {
      ++pos;
      int n = 0;
      while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        if (n < 3) millis = millis * 10 + (s.charAt(pos) - '0');
        ++n;
        ++pos;
      }
      if (n == 0 || n > 9) return UNPARSABLE;
      for (int i = n; i < 3; ++i) millis *= 10;
    }
    long offset;
    if (pos + 1 == s.length() && s.charAt(pos) == 'Z') {
      offset = 0;
    } else if (at(s, pos, '+') || at(s, pos, '-')) {
      final long sign = s.charAt(pos) == '-' ? -1 : 1;
      final int oh = digits(s, pos + 1, 2);
      if (oh < 0 || oh > 23 || !at(s, pos + 3, ':')) return UNPARSABLE;
      final int om = digits(s, pos + 4, 2);
      if (om < 0 || om > 59 || pos + 6 != s.length()) return UNPARSABLE;
      offset = sign * (oh * 3_600_000L + om * 60_000L);
    } else {
      return UNPARSABLE;
    }
    return daysFromCivil(year, month, day) * MS_PER_DAY + hour * 3_600_000L
        + minute * 60_000L + second * 1000L + millis - offset;
  }

  private static void put(char[] out, int at, int value, int count) {
    for (int i = count - 1; i >= 0; --i) {
      out[at + i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** "YYYY-MM-DDTHH:MM:SS.mmmZ" (clamped to years 0000..9999). */
  static String format(long epochMs) {
    final long ms = Math.max(MIN_MS, Math.min(MAX_MS, epochMs));
    final long days = Math.floorDiv(ms, MS_PER_DAY);
    long rest = ms - days * MS_PER_DAY;
    final int hour = (int) (rest / 3_600_000L);
    rest %= 3_600_000L;
    final int minute = (int) (rest / 60_000L);
    rest %= 60_000L;
    final int second = (int) (rest / 1000L);
    final int milli = (int) (rest % 1000L);
    final long z = days + 719468;
    final long era = Math.floorDiv(z, 146097);
    final long doe = z - era * 146097;
    final long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    final long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    final long mp = (5 * doy + 2) / 153;
    final int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    final int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    final int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    final char[] out = "0000-00-00T00:00:00.000Z".toCharArray();
    put(out, 0, year, 4);
    put(out, 5, month, 2);
    put(out, 8, day, 2);
    put(out, 11, hour, 2);
    put(out, 14, minute, 2);
    put(out, 17, second, 2);
    put(out, 20, milli, 3);
    return new String(out);
  }
}
