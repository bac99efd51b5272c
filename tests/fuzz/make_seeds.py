#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/corpus/<target>/ (checked in).

Run from anywhere: python3 tests/fuzz/make_seeds.py. The reading decoder's
seeds are the golden corpus of tests/data/traffic (every valid and invalid
case, in the fuzz target's input format); the others are small hand-made
examples of each format. Existing regression-* files (inputs that once found
a bug) are left alone.
"""
import json
import pathlib
import struct

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fuzz" / "corpus"


def write(target, name, data):
    path = CORPUS / target / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def clear(target):
    for path in (CORPUS / target).glob("seed-*"):
        path.unlink()


def golden_case_bytes(case):
    """A golden case as the decoder target's input: flags, key size, key, value."""
    key = None
    if "key" in case:
        key = case["key"].encode()
    elif "key_hex" in case:
        key = bytes.fromhex(case["key_hex"])
    if case.get("tombstone"):
        value = b""
    elif "value_text" in case:
        value = case["value_text"].encode()
    elif "value_hex" in case:
        value = bytes.fromhex(case["value_hex"])
    else:
        value = json.dumps(case["value"], separators=(",", ":")).encode()
    flags = (1 if key is not None else 0) | (2 if case.get("tombstone") else 0)
    key = key or b""
    assert len(key) < 256
    return bytes([flags, len(key)]) + key + value


def reading_decoder():
    clear("reading_decoder")
    for name in ("golden_valid.json", "golden_invalid.json"):
        cases = json.loads((ROOT / "tests/data/traffic" / name).read_text())
        for case in cases["cases"]:
            write("reading_decoder", "seed-" + case["name"],
                  golden_case_bytes(case))


def varint(n):
    out = b""
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out += bytes([byte | 0x80])
        else:
            return out + bytes([byte])


def zigzag(n):
    return varint(((n << 1) ^ (n >> 63)) & 0xFFFFFFFFFFFFFFFF)


def aggregate(count, congested, threshold, speed_sum, lo, hi, volume, first,
              span):
    return (bytes([1]) + varint(count) + varint(congested) +
            struct.pack("<5d", threshold, speed_sum, lo, hi, volume) +
            zigzag(first) + varint(span))


def traffic_serdes():
    clear("traffic_serdes")
    write("traffic_serdes", "seed-aggregate-empty",
          b"\x00" + aggregate(0, 0, 35, 0, 0, 0, 0, 0, 0))
    write("traffic_serdes", "seed-aggregate-three",
          b"\x00" + aggregate(3, 1, 35, 150.5, 30.1, 62.4, 6120,
                              1759650000000, 240000))
    valid = json.loads((ROOT / "tests/data/traffic/golden_valid.json").read_text())
    for case in valid["cases"][:4]:
        flat = json.dumps(case["expect_output"], separators=(",", ":")).encode()
        write("traffic_serdes", "seed-flat-" + case["name"], b"\x01" + flat)
    write("traffic_serdes", "seed-bytes", b"\x02773869")
    write("traffic_serdes", "seed-bytes-null", b"\x82")
    write("traffic_serdes", "seed-algebra",
          b"\x03" + bytes(range(64)) + b"\xff" * 16)


def serdes():
    clear("builtin_serdes")
    write("builtin_serdes", "seed-string", b"\x00sensor-773869")
    write("builtin_serdes", "seed-string-null", b"\x80")
    write("builtin_serdes", "seed-bytes", b"\x01\x00\xff\x10binary")
    write("builtin_serdes", "seed-int64", b"\x02" + struct.pack(">q", -42))
    write("builtin_serdes", "seed-int64-short", b"\x02\x01\x02\x03")
    write("builtin_serdes", "seed-float64", b"\x03" + struct.pack(">d", 31.6))
    write("builtin_serdes", "seed-float64-nan",
          b"\x03\x7f\xf8\x00\x00\x00\x00\x00\x01")

    clear("json_serde")
    write("json_serde", "seed-json",
          b'\x00{"a":[1,2.5,"x\\u00e9",null,true,{"b":-0}],"c":1e300}')
    write("json_serde", "seed-json-null", b"\x80")
    write("json_serde", "seed-sample",
          b'\x01{"name":"n","count":7,"ratio":0.5,"ids":[1,2,3]}')
    write("json_serde", "seed-sample-wrong", b'\x01{"name":1,"count":"7"}')

    clear("windowed_serde")
    size = struct.pack(">q", 300000)
    write("windowed_serde", "seed-string",
          b"\x00" + size + b"773869" + struct.pack(">q", 1759650000000))
    write("windowed_serde", "seed-int64",
          b"\x01" + size + struct.pack(">q", 7) + struct.pack(">q", 0))
    write("windowed_serde", "seed-short", b"\x00" + size + b"abc")


def headers():
    clear("headers")
    write("headers", "seed-model", b"\x00" + bytes(range(40)))
    write("headers", "seed-dead-letter",
          b"\x01\x03\x00\x0a\x1b\x2ctraffic-raw\x00stream-processor-client"
          + bytes(range(48)))
    write("headers", "seed-reasons",
          b"\x02invalid_direction,missing_field:location.lanes")
    write("headers", "seed-reasons-bad", b"\x02missing_field,too_large:x")


def streams_config():
    clear("streams_config")
    base = b"application.id=app\nbootstrap.servers=localhost:9092\n"
    write("streams_config", "seed-minimal", base)
    write("streams_config", "seed-full", base + (
        b"client.id=c\ninstance.id=i\nnum.stream.threads=4\n"
        b"commit.interval.ms=100\nprocessing.guarantee=exactly_once_v2\n"
        b"poll.ms=50\nmax.poll.records=500\nstartup.timeout.ms=1000\n"
        b"statestore.cache.max.bytes=0\nrocksdb.memory.bytes=8388608\n"
        b"default.deserialization.exception.handler=dead_letter\n"
        b"processing.exception.handler=log_and_continue\n"
        b"errors.dead.letter.queue.topic.name=dlq\nstate.dir=/tmp/x\n"))
    write("streams_config", "seed-clients", base + (
        b"consumer.fetch.wait.max.ms=10\nproducer.linger.ms=5\n"
        b"admin.socket.timeout.ms=1000\nsecurity.protocol=plaintext\n"
        b"acks=all\n"))
    write("streams_config", "seed-owned", base + b"consumer.group.id=x\n")
    write("streams_config", "seed-bad", base + b"num.stream.threads=0\n")


def duration():
    clear("duration")
    for text in ("100ms", "90s", "5m", "2h", "365d", "0ms", "5", "-5m", "5 m",
                 "9223372036854775807ms", "106751991167d", "1.5s"):
        write("duration", "seed-" + text.replace(" ", "_").replace(".", "_"),
              text.encode())


if __name__ == "__main__":
    reading_decoder()
    traffic_serdes()
    serdes()
    headers()
    streams_config()
    duration()
