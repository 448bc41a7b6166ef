"""wrk (Debian package) run against one address, its figures read from its output; the
medians of several runs. Used by bench/load.py and bench/revalidation.py."""

import re
import statistics
import subprocess

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def wrk(base, path, host, args, connections=None, headers=()):
    """requests/s, p50 and p99 (ms) and errors of one wrk run."""
    connections = connections or args.connections
    threads = min(args.threads, connections)
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{args.seconds}s",
        "--latency", "--timeout", f"{args.timeout:g}s", "-H", f"Host: {host}",
        *(part for header in headers for part in ("-H", header)), base + path,
    ]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)\s*$", out, re.MULTILINE))
    if rps is None or len(latency) < 2:
        raise SystemExit(f"wrk's output not understood:\n{out}")

    def ms(text):
        number, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
        return float(number) * UNITS[unit]

    socket_errors = re.search(r"Socket errors: (.*)", out)
    errors = sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1))) if socket_errors else 0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return {"rps": float(rps.group(1)), "p50": ms(latency["50"]), "p99": ms(latency["99"]),
            "errors": errors}  # fmt: skip


def summary(runs):
    return {
        "rps": statistics.median(r["rps"] for r in runs),
        "p50": statistics.median(r["p50"] for r in runs),
        "p99": statistics.median(r["p99"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
    }
