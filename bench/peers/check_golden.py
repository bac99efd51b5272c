#!/usr/bin/env python3
"""Checks the peers' decode + validate + flatten against sluice's golden corpus.

tests/data/traffic/golden_{valid,invalid}.json give inputs, the exact reason
codes (as a set) and the exact flattened output sluice produces. Each peer
decodes them through its `decode-lines` mode (the decoder and writer its
topology uses). Prints one line per mismatch and a summary per peer; exits 1
on any mismatch. Run bench/peers/build.sh first.
"""
import json
import os
import subprocess
import sys
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
OUT = os.environ.get("SLUICE_PEERS_BUILD_DIR",
                     os.path.expanduser("~/.cache/sluice/peers"))
PEERS = {
    "kafka-streams": ["java", "-jar",
                      f"{OUT}/kafka-streams/traffic-kafka-streams.jar",
                      "--decode-lines"],
    "kafkajs": ["node", f"{OUT}/kafkajs/decode-lines.js"],
}


def epoch_ms(text):
    return int(datetime.fromisoformat(text.replace("Z", "+00:00"))
               .timestamp() * 1000)


def value_bytes(case):
    if case.get("tombstone"):
        return None
    if "value_hex" in case:
        return bytes.fromhex(case["value_hex"])
    if "value_text" in case:
        return case["value_text"].encode("utf-8")
    return json.dumps(case["value"], separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def key_bytes(case):
    if "key_hex" in case:
        return bytes.fromhex(case["key_hex"])
    if "key" in case:
        return case["key"].encode("utf-8")
    return None


def main():
    cases = []  # (name, line, expected kind, expected)
    for kind in ("valid", "invalid"):
        with open(f"{REPO}/tests/data/traffic/golden_{kind}.json") as f:
            corpus = json.load(f)
        now = epoch_ms(corpus["now"])
        processed = epoch_ms(corpus.get("processed_at", corpus["now"]))
        for case in corpus["cases"]:
            k, v = key_bytes(case), value_bytes(case)
            line = (f"{now} {processed} {k.hex() if k is not None else '-'} "
                    f"{v.hex() if v is not None else '-'}")
            expected = (case["expect_output"] if kind == "valid"
                        else sorted(case["expect_reasons"]))
            cases.append((case["name"], line, kind, expected))
    stdin = "".join(line + "\n" for _, line, _, _ in cases)
    failed = False
    for peer, command in PEERS.items():
        env = dict(os.environ, CLIENT_ID="stream-processor-client")
        out = subprocess.run(command, input=stdin, capture_output=True,
                             text=True, env=env, check=True).stdout.splitlines()
        bad = 0
        for (name, _, kind, expected), got in zip(cases, out):
            verdict, _, rest = got.partition(" ")
            if kind == "valid":
                ok = verdict == "valid" and json.loads(rest) == expected
                exact = ok and rest == json.dumps(expected, separators=(",", ":"),
                                                  ensure_ascii=False)
                if ok and not exact:
                    print(f"{peer}: {name}: same JSON, other text: {rest}")
            else:
                ok = verdict == "invalid" and sorted(rest.split(",")) == expected
            if not ok:
                bad += 1
                print(f"{peer}: {name}: expected {kind} {expected}, got {got}")
        if len(out) != len(cases):
            bad += 1
            print(f"{peer}: {len(out)} answers for {len(cases)} cases")
        print(f"{peer}: {len(cases) - bad}/{len(cases)} golden cases match")
        failed |= bad > 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
