#!/usr/bin/env python3
"""Runs sluice's traffic-processor and both peers on the same input and
compares what they wrote (an equivalence check with rough figures, not the
benchmark: that is bench/e2e).

  bench/peers/verify.py --brokers 127.0.0.1:19292 \
      --traffic-gen build/x/apps/traffic/traffic-gen \
      --traffic-processor build/x/apps/traffic/traffic-processor

One input topic (12 partitions) gets --readings readings from traffic-gen
(sensor_faults, 5% faulty, 0.5% late, a closing round). Then each contender
in turn, with topics and an application id of its own, consumes it from the
beginning as a backlog; when its counters stop moving it gets SIGTERM. Its
outputs are read back (read_committed) and counted: events, DLQ records per
reason, windows and the readings they hold. Also printed: the time from the
first to the last reading processed (records/s, polled every 0.25 s), CPU
seconds of the process, and its peak RSS. Exit 1 if the contenders' counts
differ. Needs bench/peers/build.sh run first and a broker.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.environ.get("SLUICE_PEERS_BUILD_DIR",
                     os.path.expanduser("~/.cache/sluice/peers"))
TOPICS_JS = f"{OUT}/kafkajs/topics.js"
CLK_TCK = os.sysconf("SC_CLK_TCK")
HTTP_PORT = 19395


def node(*args):
    done = subprocess.run(["node", TOPICS_JS, *args], capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise RuntimeError(f"topics.js {' '.join(args)}: {done.stderr}")
    return done.stdout


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Contender:
    def __init__(self, name, command, env, counters):
        self.name, self.command, self.env, self.counters = (
            name, command, env, counters)


def stats_from_log(path):
    """Last stats JSON line a peer wrote to stderr."""
    last = None
    with open(path, errors="replace") as f:
        for line in f:
            if ": stats {" in line:
                last = json.loads(line.split(": stats ", 1)[1])
    return last or {}


class Run:
    """One contender process with its own topics and application id."""

    def __init__(self, c, args, prefix, raw):
        self.c, self.args = c, args
        self.topics = {t: f"{prefix}-{c.name}-{t}"
                       for t in ("events", "dlq", "aggs")}
        node("create", args.brokers, "12", *self.topics.values())
        self.log = f"{args.logs}/{prefix}-{c.name}.log"
        env = dict(os.environ, **c.env(self.topics, f"{prefix}-{c.name}", raw))
        self.err = open(self.log, "w")
        self.out = open(f"{args.logs}/{prefix}-{c.name}.out", "w")
        self.proc = subprocess.Popen(c.command, env=env, stdout=self.out,
                                     stderr=self.err)
        self.start = time.monotonic()
        self.first = self.last_change = None
        self.counts = None
        self.finished = False

    def poll(self):
        """Updates the counters; returns True once all readings are in and
        the counters have not moved for 3 s."""
        if self.proc.poll() is not None:
            raise RuntimeError(
                f"{self.c.name} exited {self.proc.returncode}: {self.log}")
        counts = self.c.counters(self.log)
        now = time.monotonic()
        if counts.get("readings") and self.first is None:
            self.first = now
        if counts != self.counts:
            self.counts, self.last_change = counts, now
        return (counts.get("readings", 0) >= self.args.expect
                and now - self.last_change > 3)

    def finish(self):
        self.finished = True
        cpu, rss = cpu_seconds(self.proc.pid), peak_rss_mb(self.proc.pid)
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=90)
        self.err.close()
        self.out.close()
        counted = {t: json.loads(node("count", self.args.brokers, name))
                   for t, name in self.topics.items()}
        first = self.first or self.last_change
        return {
            "contender": self.c.name,
            "exit_code": code,
            "readings": self.counts.get("readings"),
            "events": counted["events"]["records"],
            "dlq": counted["dlq"]["records"],
            "dlq_reasons": counted["dlq"]["reasons"],
            "windows": counted["aggs"]["windows"],
            "window_readings": counted["aggs"]["window_readings"],
            "late": self.counts.get("late"),
            "seconds_first_to_last": round(self.last_change - first, 2),
            "cpu_seconds": round(cpu, 2),
            "peak_rss_mb": round(rss, 1),
            "startup_to_first_s": round(first - self.start, 2),
        }


def wait_ready(runs, timeout):
    """Waits until every contender has joined its group (state RUNNING)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for r in runs:
            if r.proc.poll() is not None:
                raise RuntimeError(f"{r.c.name} exited {r.proc.returncode} "
                                   f"before it ran: {r.log}")
        if all(r.c.counters(r.log).get("state") == "RUNNING" for r in runs):
            time.sleep(2)
            return
        time.sleep(0.25)
    raise RuntimeError("contenders not RUNNING in time")


def wait_all(runs, timeout):
    deadline = time.monotonic() + timeout
    pending = list(runs)
    while pending and time.monotonic() < deadline:
        time.sleep(0.25)
        pending = [r for r in pending if not r.poll()]
    return [r.finish() for r in runs]


def generate(args, raw, paced):
    node("create", args.brokers, "12", raw)
    command = [args.traffic_gen, "--brokers", args.brokers, "--topic", raw,
               "--max", str(args.readings), "--scenario", "sensor_faults",
               "--fault-share", "0.05", "--late-share", "0.005",
               "--closing-round", "--quiet"]
    command += ["--speed-up", str(args.speed_up)] if paced else ["--rate", "0"]
    gen = subprocess.run(command, check=True, capture_output=True, text=True)
    line = (gen.stdout + gen.stderr).strip().splitlines()[-1]
    print(line, flush=True)
    return int(line.split("sent ")[1].split()[0])


def table(results, expect, rates=True):
    """Prints the counts; with `rates`, also records/s from the first to the
    last reading processed (meaningless for paced input)."""
    print(f"{'contender':<14}{'events':>8}{'dlq':>6}{'windows':>9}"
          f"{'in windows':>11}{'late':>7}{'rec/s':>8}{'cpu s':>7}"
          f"{'us/rec':>8}{'peak MB':>9}")
    for r in results:
        secs = r["seconds_first_to_last"]
        rate = f"{expect / secs:.0f}" if secs and rates else "-"
        print(f"{r['contender']:<14}{r['events']:>8}{r['dlq']:>6}"
              f"{r['windows']:>9}{r['window_readings']:>11}"
              f"{str(r['late']):>7}{rate:>8}{r['cpu_seconds']:>7}"
              f"{1e6 * r['cpu_seconds'] / expect:>8.1f}{r['peak_rss_mb']:>9}")


def compare(results, keys):
    """Prints every difference among the results in `keys`; returns them."""
    mismatch = []
    for k in keys:
        values = {r["contender"]: r[k] for r in results}
        if len({json.dumps(v, sort_keys=True) for v in values.values()}) <= 1:
            continue
        mismatch.append(k)
        if k == "dlq_reasons":
            codes = sorted(set().union(*values.values()))
            for code in codes:
                per = {n: v.get(code, 0) for n, v in values.items()}
                if len(set(per.values())) > 1:
                    print(f"  dlq reason {code}: {per}")
        else:
            print(f"  {k}: {values}")
    return mismatch


def main():
    p = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--brokers", default="127.0.0.1:19292")
    p.add_argument("--traffic-gen", required=True)
    p.add_argument("--traffic-processor", required=True)
    p.add_argument("--readings", type=int, default=20000)
    p.add_argument("--guarantee", default="exactly_once_v2",
                   choices=["exactly_once_v2", "at_least_once"])
    p.add_argument("--contenders", default="sluice,kafka-streams,kafkajs")
    p.add_argument("--phases", default="live,backlog")
    p.add_argument("--live-readings", type=int, default=4000)
    p.add_argument("--speed-up", type=float, default=30,
                   help="live phase: simulated seconds per second (the "
                   "1-minute grace is 60/speed-up s of wall time)")
    p.add_argument("--timeout", type=float, default=600)
    p.add_argument("--logs", default="/tmp/peers-verify")
    args = p.parse_args()
    os.makedirs(args.logs, exist_ok=True)
    guarantee = args.guarantee
    args.emit_interval = ""

    def peer_env(topics, app, raw):
        return {"BOOTSTRAP": args.brokers, "APPLICATION_ID": app,
                "INPUT_TOPIC": raw, "OUTPUT_TOPIC": topics["events"],
                "DLQ_TOPIC": topics["dlq"], "AGG_TOPIC": topics["aggs"],
                "GUARANTEE": guarantee, "STATE_DIR": f"/tmp/{app}-state",
                "STATS_INTERVAL_MS": "250", "LOG_LEVEL": "warn",
                "EMIT_INTERVAL_MS": args.emit_interval}

    def sluice_env(topics, app, raw):
        return {"KAFKA_BROKERS": args.brokers, "GROUP_ID": app,
                "INPUT_TOPIC": raw, "OUTPUT_TOPIC": topics["events"],
                "DLQ_TOPIC": topics["dlq"], "AGG_TOPIC": topics["aggs"],
                "PROCESSING_GUARANTEE": guarantee,
                "STATE_DIR": f"/tmp/{app}-state",
                "HEALTH_PORT": str(HTTP_PORT), "LOG_LEVEL": "warn"}

    def sluice_counters(_log):
        try:
            with urllib.request.urlopen(
                    f"http://127.0.0.1:{HTTP_PORT}/stats", timeout=2) as r:
                s = json.load(r)
            return {"readings": s["messagesProcessed"],
                    "windows": s["windowsEmitted"], "late": s["lateRecords"],
                    "state": s["state"]}
        except OSError:
            return {}

    def peer_counters(log):
        s = stats_from_log(log)
        if not s:
            return {}
        return {"readings": s["readings"], "windows": s["windows_emitted"],
                "late": s["late_dropped"], "state": s["state"]}

    contenders = {
        "sluice": Contender("sluice", [args.traffic_processor], sluice_env,
                            sluice_counters),
        "kafka-streams": Contender("kafka-streams",
                                   [f"{HERE}/run-kafka-streams.sh"], peer_env,
                                   peer_counters),
        "kafkajs": Contender("kafkajs", [f"{HERE}/run-kafkajs.sh"], peer_env,
                             peer_counters),
    }
    names = args.contenders.split(",")
    failed = False
    summary = {}
    if "live" in args.phases:
        # All contenders at once, already running, on readings sent one
        # simulated round at a time: only the deliberately late readings are
        # late, so every count must agree.
        prefix = f"live{int(time.time())}"
        raw = f"{prefix}-raw"
        node("create", args.brokers, "12", raw)
        # Kafka Streams: emit closed windows at once, so that the closing
        # round closes every window (its default waits for a later record).
        args.emit_interval = "0"
        backlog_readings, args.readings = args.readings, args.live_readings
        runs = []
        try:
            for n in names:
                runs.append(Run(contenders[n], args, prefix, raw))
            wait_ready(runs, 120)
            args.expect = generate(args, raw, paced=True)
            results = wait_all(runs, args.timeout)
        finally:
            for r in runs:  # on an error: stop what was started
                if r.proc.poll() is None and not r.finished:
                    r.proc.kill()
        print(f"live ({guarantee}, all contenders at once, paced input):")
        table(results, args.expect, rates=False)
        summary["live"] = results
        failed |= bool(compare(results, ("events", "dlq", "dlq_reasons",
                                         "windows", "window_readings",
                                         "late")))
        args.readings = backlog_readings
    if "backlog" in args.phases:
        # One contender at a time on the same backlog: rough figures. The
        # windows depend on how partitions interleave when a backlog is read
        # in large batches (stream time is per partition), so only events
        # and the DLQ are compared.
        prefix = f"backlog{int(time.time())}"
        args.emit_interval = ""  # Kafka Streams' default
        raw = f"{prefix}-raw"
        args.expect = generate(args, raw, paced=False)
        results = []
        for n in names:
            results += wait_all([Run(contenders[n], args, prefix, raw)],
                                args.timeout)
        print(f"backlog ({guarantee}, one contender at a time):")
        table(results, args.expect)
        summary["backlog"] = results
        failed |= bool(compare(results, ("events", "dlq", "dlq_reasons")))
    with open(f"{args.logs}/results.json", "w") as f:
        json.dump(summary, f, indent=1)
    print("counts match" if not failed else "MISMATCH (see above)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
