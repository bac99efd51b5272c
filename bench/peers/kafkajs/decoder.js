'use strict';
// Decode + validate one nested METR-LA reading with the rules of sluice's
// apps/traffic/core (reading_parser.h, validator.h): same fields, same
// reason codes, every applicable reason, in the same order.
//
// JSON.parse cannot give those verdicts (it keeps the last of duplicate keys
// and rejects NaN/Infinity, which sluice reports as duplicate_field and
// non_finite), so the value is read by the small strict scanner below, which
// keeps only the known fields, as sluice's simdjson on-demand parser does.

const MAX_VALUE_BYTES = 64 * 1024;
const MAX_DEPTH = 64;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// name, key, parent index (-1: root), kind, required; sluice's Field order.
const FIELDS = [
  ['sensor_id', 'sensor_id', -1, 'string', true],
  ['timestamp', 'timestamp', -1, 'string', true],
  ['traffic_data', 'traffic_data', -1, 'object', true],
  ['traffic_data.speed_mph', 'speed_mph', 2, 'number', true],
  ['traffic_data.volume_vehicles_per_hour', 'volume_vehicles_per_hour', 2, 'number', true],
  ['traffic_data.occupancy', 'occupancy', 2, 'number', false],
  ['location', 'location', -1, 'object', true],
  ['location.highway', 'highway', 6, 'string', true],
  ['location.direction', 'direction', 6, 'string', true],
  ['location.lanes', 'lanes', 6, 'number', true],
  ['location.latitude', 'latitude', 6, 'number', false],
  ['location.longitude', 'longitude', 6, 'number', false],
  ['weather', 'weather', -1, 'object', true],
  ['weather.condition', 'condition', 12, 'string', true],
  ['weather.temperature_f', 'temperature_f', 12, 'number', false],
].map(([name, key, parent, kind, required]) => ({ name, key, parent, kind, required }));
const N = FIELDS.length;
const F = {
  SENSOR_ID: 0, TIMESTAMP: 1, SPEED: 3, VOLUME: 4, OCCUPANCY: 5, HIGHWAY: 7,
  DIRECTION: 8, LANES: 9, LATITUDE: 10, LONGITUDE: 11, CONDITION: 13, TEMPERATURE: 14,
};
// Children by parent (-1 root), key -> field index.
const CHILDREN = new Map([[-1, new Map()], [2, new Map()], [6, new Map()], [12, new Map()]]);
FIELDS.forEach((f, i) => CHILDREN.get(f.parent).set(f.key, i));

// Reason kinds in sluice's ReasonKind order; the last four name a field.
const UNSCOPED = ['malformed_json', 'empty_value', 'too_large', 'speed_out_of_range',
  'volume_out_of_range', 'invalid_lanes', 'invalid_direction', 'timestamp_unparsable',
  'timestamp_in_future', 'timestamp_too_old'];
const SCOPED = ['missing_field', 'wrong_type', 'duplicate_field', 'non_finite'];
const [MISSING, WRONG, DUP, NONFINITE] = [0, 1, 2, 3];

const ABSENT = 0, NULL = 1, WRONG_TYPE = 2, DUPLICATE = 3, NON_FINITE = 4, PRESENT = 5;

class Malformed extends Error {}
const fail = () => { throw new Malformed(); };

// ---- ISO-8601, as sluice's parse_iso8601_ms --------------------------------
function daysFromCivil(year, month, day) {
  const y = year - (month <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysInMonth(y, m) {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return m === 2 && leap ? 29 : DAYS[m - 1];
}
function digits(s, pos, count) {
  if (s.length - pos < count) return -1;
  let v = 0;
  for (let i = 0; i < count; i++) {
    const c = s.charCodeAt(pos + i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}
/** Epoch ms, or null if `s` is not accepted. */
function parseIso8601(s) {
  const year = digits(s, 0, 4);
  if (year < 0 || s[4] !== '-') return null;
  const month = digits(s, 5, 2);
  if (month < 1 || month > 12 || s[7] !== '-') return null;
  const day = digits(s, 8, 2);
  if (day < 1 || day > daysInMonth(year, month) || s[10] !== 'T') return null;
  const hour = digits(s, 11, 2);
  if (hour < 0 || hour > 23 || s[13] !== ':') return null;
  const minute = digits(s, 14, 2);
  if (minute < 0 || minute > 59 || s[16] !== ':') return null;
  const second = digits(s, 17, 2);
  if (second < 0 || second > 59) return null;
  let pos = 19;
  let millis = 0;
  if (s[pos] === '.') {
    pos++;
    let n = 0;
    while (pos < s.length && s.charCodeAt(pos) >= 48 && s.charCodeAt(pos) <= 57) {
      if (n < 3) millis = millis * 10 + (s.charCodeAt(pos) - 48);
      n++;
      pos++;
    }
    if (n === 0 || n > 9) return null;
    for (let i = n; i < 3; i++) millis *= 10;
  }
  let offset;
  if (pos + 1 === s.length && s[pos] === 'Z') {
    offset = 0;
  } else if (s[pos] === '+' || s[pos] === '-') {
    const sign = s[pos] === '-' ? -1 : 1;
    const oh = digits(s, pos + 1, 2);
    if (oh < 0 || oh > 23 || s[pos + 3] !== ':') return null;
    const om = digits(s, pos + 4, 2);
    if (om < 0 || om > 59 || pos + 6 !== s.length) return null;
    offset = sign * (oh * 3600000 + om * 60000);
  } else {
    return null;
  }
  return daysFromCivil(year, month, day) * 86400000 + hour * 3600000 +
    minute * 60000 + second * 1000 + millis - offset;
}

// ---- the scanner -----------------------------------------------------------
class Scanner {
  constructor() {
    this.states = new Uint8Array(N);
    this.numbers = new Float64Array(N);
    this.texts = new Array(N);
    this.s = '';
    this.i = 0;
  }

  parse(text) {
    this.states.fill(ABSENT);
    this.s = text;
    this.i = 0;
    this.ws();
    if (this.s.charCodeAt(this.i) !== 0x7b) fail();
    this.readObject(-1, true, 1);
    this.ws();
    if (this.i !== this.s.length) fail();
  }

  ws() {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.i = i;
  }

  expect(code) {
    if (this.s.charCodeAt(this.i) !== code) fail();
    this.i++;
  }

  literal(word) {
    if (!this.s.startsWith(word, this.i)) fail();
    this.i += word.length;
  }

  readObject(parent, record, depth) {
    if (depth > MAX_DEPTH) fail();
    this.i++; // '{'
    this.ws();
    if (this.s.charCodeAt(this.i) === 0x7d) { this.i++; return; }
    const children = record ? CHILDREN.get(parent) : undefined;
    for (;;) {
      if (this.s.charCodeAt(this.i) !== 0x22) fail();
      const key = this.readString();
      this.ws();
      this.expect(0x3a); // ':'
      this.ws();
      const known = children === undefined ? undefined : children.get(key);
      if (known === undefined) this.checkValue(depth + 1);
      else this.readField(known, depth + 1);
      this.ws();
      const c = this.s.charCodeAt(this.i++);
      if (c === 0x2c) { this.ws(); continue; }
      if (c === 0x7d) return;
      fail();
    }
  }

  readField(f, depth) {
    const states = this.states;
    if (states[f] !== ABSENT) {
      states[f] = DUPLICATE;
      this.checkValue(depth);
      return;
    }
    const kind = FIELDS[f].kind;
    const c = this.s.charCodeAt(this.i);
    if (c === 0x6e) { // n
      this.literal('null');
      states[f] = NULL;
    } else if (c === 0x7b && kind === 'object') {
      states[f] = PRESENT;
      CHILDREN.has(f) ? this.readObject(f, true, depth) : this.checkValue(depth);
    } else if (c === 0x22 && kind === 'string') {
      states[f] = PRESENT;
      this.texts[f] = this.readString();
    } else if (kind === 'number' && this.atNumber(c)) {
      const v = this.readNumber();
      this.numbers[f] = v;
      states[f] = Number.isFinite(v) ? PRESENT : NON_FINITE;
    } else {
      states[f] = WRONG_TYPE;
      this.checkValue(depth);
    }
  }

  atNumber(c) {
    return c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x4e || c === 0x49;
  }

  checkValue(depth) {
    const c = this.s.charCodeAt(this.i);
    if (c === 0x7b) this.readObject(-1, false, depth);
    else if (c === 0x5b) this.readArray(depth);
    else if (c === 0x22) this.readString();
    else if (c === 0x74) this.literal('true');
    else if (c === 0x66) this.literal('false');
    else if (c === 0x6e) this.literal('null');
    else if (this.atNumber(c)) this.readNumber();
    else fail();
  }

  readArray(depth) {
    if (depth > MAX_DEPTH) fail();
    this.i++; // '['
    this.ws();
    if (this.s.charCodeAt(this.i) === 0x5d) { this.i++; return; }
    for (;;) {
      this.checkValue(depth + 1);
      this.ws();
      const c = this.s.charCodeAt(this.i++);
      if (c === 0x2c) { this.ws(); continue; }
      if (c === 0x5d) return;
      fail();
    }
  }

  /** NaN, Infinity, -Infinity, or an RFC 8259 number (Infinity on overflow). */
  readNumber() {
    const s = this.s;
    const start = this.i;
    if (s.startsWith('NaN', start)) { this.i += 3; return NaN; }
    if (s.startsWith('Infinity', start)) { this.i += 8; return Infinity; }
    if (s.startsWith('-Infinity', start)) { this.i += 9; return -Infinity; }
    let i = start;
    const digitAt = (k) => { const c = s.charCodeAt(k); return c >= 0x30 && c <= 0x39; };
    if (s.charCodeAt(i) === 0x2d) i++;
    if (s.charCodeAt(i) === 0x30) {
      i++;
    } else if (digitAt(i)) {
      while (digitAt(i)) i++;
    } else {
      fail();
    }
    if (s.charCodeAt(i) === 0x2e) {
      i++;
      if (!digitAt(i)) fail();
      while (digitAt(i)) i++;
    }
    const e = s.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const sign = s.charCodeAt(i);
      if (sign === 0x2b || sign === 0x2d) i++;
      if (!digitAt(i)) fail();
      while (digitAt(i)) i++;
    }
    this.i = i;
    return Number(s.slice(start, i));
  }

  /** A string at this.i (on its opening quote), unescaped. */
  readString() {
    const s = this.s;
    let i = this.i + 1;
    const start = i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 0x22) { this.i = i + 1; return s.slice(start, i); }
      if (c === 0x5c) break;
      if (c < 0x20 || Number.isNaN(c)) fail();
      i++;
    }
    let out = s.slice(start, i);
    for (;;) {
      const c = s.charCodeAt(i);
      if (Number.isNaN(c) || c < 0x20) fail();
      if (c === 0x22) { this.i = i + 1; return out; }
      if (c !== 0x5c) { out += s[i++]; continue; }
      const e = s[i + 1];
      i += 2;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          const hi = this.hex4(i);
          i += 4;
          if (hi >= 0xdc00 && hi <= 0xdfff) fail(); // lone low surrogate
          if (hi >= 0xd800 && hi <= 0xdbff) {
            if (s[i] !== '\\' || s[i + 1] !== 'u') fail();
            const lo = this.hex4(i + 2);
            if (lo < 0xdc00 || lo > 0xdfff) fail();
            i += 6;
            out += String.fromCharCode(hi, lo);
          } else {
            out += String.fromCharCode(hi);
          }
          break;
        }
        default: fail();
      }
    }
  }

  hex4(at) {
    const h = this.s.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) fail();
    return parseInt(h, 16);
  }
}

function isWsByte(b) { return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d; }

function blankOrNull(buf) {
  let a = 0;
  let b = buf.length;
  while (a < b && isWsByte(buf[a])) a++;
  while (b > a && isWsByte(buf[b - 1])) b--;
  return a === b || (b - a === 4 && buf.toString('latin1', a, b) === 'null');
}

/**
 * Decodes one record. Returns {reading} for a valid reading (flattened
 * fields, eventMs) or {reasons: [codes...]}. Not re-entrant per instance.
 */
class ReadingDecoder {
  constructor({ maxClockSkewMs = 5 * 60000, maxAgeMs = 365 * 86400000 } = {}) {
    this.maxClockSkewMs = maxClockSkewMs;
    this.maxAgeMs = maxAgeMs;
    this.scanner = new Scanner();
  }

  decode(key, value, nowMs) {
    if (value === null || value === undefined || value.length === 0) {
      return { reasons: ['empty_value'] };
    }
    if (value.length > MAX_VALUE_BYTES) return { reasons: ['too_large'] };
    if (value[0] !== 0x7b && blankOrNull(value)) return { reasons: ['empty_value'] };
    try {
      this.scanner.parse(utf8.decode(value));
    } catch (e) {
      if (e instanceof Malformed || e instanceof TypeError) {
        return { reasons: ['malformed_json'] };
      }
      throw e;
    }
    return this.validate(key, nowMs);
  }

  validate(key, nowMs) {
    const { states, numbers, texts } = this.scanner;
    const unscoped = new Array(UNSCOPED.length).fill(false);
    const scoped = [[], [], [], []];
    let any = false;
    const add = (k) => { unscoped[k] = true; any = true; };
    const addField = (k, f) => { scoped[k][f] = true; any = true; };
    const r = {
      sensor_id: null, eventMs: 0, speed: 0, volume: 0, highway: null,
      direction: null, lanes: 0, condition: null,
      occupancy: undefined, latitude: undefined, longitude: undefined, temperature: undefined,
    };
    const fromKey = () => {
      if (!key || key.length === 0) return false;
      try { r.sensor_id = utf8.decode(key); return true; } catch (e) { return false; }
    };
    for (let f = 0; f < N; f++) {
      const info = FIELDS[f];
      if (info.parent >= 0 && states[info.parent] !== PRESENT) continue;
      switch (states[f]) {
        case ABSENT:
        case NULL:
          if (f === F.SENSOR_ID && fromKey()) break;
          if (info.required) addField(MISSING, f);
          break;
        case WRONG_TYPE: addField(WRONG, f); break;
        case DUPLICATE: addField(DUP, f); break;
        case NON_FINITE: addField(NONFINITE, f); break;
        case PRESENT: {
          const n = numbers[f];
          const s = texts[f];
          switch (f) {
            case F.SENSOR_ID:
              if (s.length > 0) r.sensor_id = s;
              else if (!fromKey()) addField(MISSING, f);
              break;
            case F.TIMESTAMP: {
              const ms = parseIso8601(s);
              if (ms === null) { add(7); break; }
              r.eventMs = ms;
              if (ms > nowMs + this.maxClockSkewMs) add(8);
              if (ms < nowMs - this.maxAgeMs) add(9);
              break;
            }
            case F.SPEED:
              r.speed = n;
              if (!(n >= 0 && n <= 120)) add(3);
              break;
            case F.VOLUME:
              r.volume = n;
              if (!(n >= 0 && n <= 10000)) add(4);
              break;
            case F.HIGHWAY:
              if (s.length === 0) addField(MISSING, f);
              r.highway = s;
              break;
            case F.DIRECTION:
              if (s === 'N' || s === 'S' || s === 'E' || s === 'W') r.direction = s;
              else add(6);
              break;
            case F.LANES:
              if (n >= 1 && n <= 2147483647 && Math.floor(n) === n) r.lanes = n;
              else add(5);
              break;
            case F.CONDITION:
              if (s.length === 0) addField(MISSING, f);
              r.condition = s;
              break;
            case F.OCCUPANCY: r.occupancy = n; break;
            case F.LATITUDE: r.latitude = n; break;
            case F.LONGITUDE: r.longitude = n; break;
            case F.TEMPERATURE: r.temperature = n; break;
            default: break;
          }
          break;
        }
        default: break;
      }
    }
    if (!any) return { reading: r };
    const reasons = [];
    UNSCOPED.forEach((name, k) => { if (unscoped[k]) reasons.push(name); });
    SCOPED.forEach((name, k) => {
      for (let f = 0; f < N; f++) if (scoped[k][f]) reasons.push(`${name}:${FIELDS[f].name}`);
    });
    return { reasons };
  }
}

module.exports = { ReadingDecoder, parseIso8601 };
