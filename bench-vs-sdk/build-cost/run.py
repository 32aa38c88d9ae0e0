#!/usr/bin/env python3
"""Build cost of a DescribeFleets program: this project's `appstream` crate
against `aws-sdk-appstream` with `aws-config`.

Three programs (templates beside this file):

- ours:       appstream (path to this clone's generated/) + tokio; the client.
- sdk:        aws-sdk-appstream (newest 1.x, >= 1.138.0) + aws-config
              (behavior-version-latest) + tokio.
- ours-types: appstream with default-features = false: types and validators.

Each template is copied into a fresh temporary directory (its Cargo.toml gets
an empty [workspace] table, so no enclosing workspace claims it), its
lockfile generated and its dependencies fetched before anything is timed.
Then, one after the other and interleaved (ours, sdk, ours-types in debug,
then the same in release), each is built cold in a fresh CARGO_TARGET_DIR
inside that directory, offline. For each build: wall time, crates compiled
(`Compiling` lines), peak of the sum of the RSS of cargo and all its
descendants (sampled every 100 ms from /proc), the largest single process's
RSS (wait4's ru_maxrss, what `/usr/bin/time -v` reports) and, in release,
the binary's size before and after `strip` (of a copy; the release profile is
cargo's default).

Afterwards each binary is run once (not timed): ours and sdk against a fake
DescribeFleets endpoint on 127.0.0.1 with dummy credentials, ours-types as is.

Usage: run.sh [--quick] [--out FILE] [--keep] [--workdir DIR] [--no-smoke]
"""

from __future__ import annotations

import argparse
import datetime
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
GENERATED = REPO / "generated"

PAGE = os.sysconf("SC_PAGE_SIZE")
MIB = 1024 * 1024


def log(msg: str) -> None:
    print(f"build-cost: {msg}", file=sys.stderr, flush=True)


class Failure(Exception):
    pass


@dataclass
class Program:
    key: str
    template: str
    title: str
    bin_name: str
    needs_appstream_path: bool
    dir: Path = Path()


PROGRAMS = [
    Program("ours", "ours", "ours: `appstream` (client) + tokio", "build-cost-ours", True),
    Program("sdk", "sdk", "`aws-sdk-appstream` + `aws-config` + tokio", "build-cost-sdk", False),
    Program("ours-types", "ours-types", "ours, types only (`default-features = false`)",
            "build-cost-ours-types", True),
]


@dataclass
class Result:
    program: str
    mode: str
    wall_s: float = 0.0
    compiling: int = 0
    units: int = 0
    packages: int = 0
    build_scripts_run: int = 0
    peak_sum_rss: int = 0  # bytes
    peak_procs: int = 0  # processes in the tree at the peak
    max_single_rss: int = 0  # bytes
    samples: int = 0
    load_before: str = ""
    binary: Path | None = None
    size: int | None = None
    stripped: int | None = None
    extra: dict = field(default_factory=dict)


# --------------------------------------------------------------------------
# Memory sampler: the sum of the RSS of a process and all its descendants.


def _proc_table() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name (field 2) may hold spaces and parentheses: the
        # fields after the last ')' are state, ppid, ...
        rest = stat[stat.rfind(b")") + 2:].split()
        children.setdefault(int(rest[1]), []).append(int(name))
    return children


def tree_rss(root: int) -> tuple[int, int]:
    """(sum of the RSS in bytes, number of processes) of root and its descendants."""
    children = _proc_table()
    total, count, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * PAGE
            count += 1
        except (OSError, IndexError, ValueError):
            pass  # exited between the listing and now
        todo.extend(children.get(pid, ()))
    return total, count


class Sampler(threading.Thread):
    def __init__(self, root: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.stop = threading.Event()
        self.peak, self.peak_procs, self.samples = 0, 0, 0

    def run(self) -> None:
        next_tick = time.monotonic()
        while not self.stop.is_set():
            total, count = tree_rss(self.root)
            self.samples += 1
            if total > self.peak:
                self.peak, self.peak_procs = total, count
            next_tick += self.interval
            self.stop.wait(max(0.0, next_tick - time.monotonic()))


# --------------------------------------------------------------------------
# Running commands.


def build_env(target_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["CARGO_TARGET_DIR"] = str(target_dir)
    env["CARGO_TERM_COLOR"] = "never"
    env["CARGO_TERM_PROGRESS_WHEN"] = "never"
    # Builds must not be steered by a caller's incremental or wrapper settings.
    for var in ("RUSTC_WRAPPER", "RUSTC_WORKSPACE_WRAPPER", "CARGO_INCREMENTAL", "CARGO_BUILD_TARGET"):
        env.pop(var, None)
    return env


def tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no output)"


def run_checked(cmd: list[str], cwd: Path, env: dict[str, str], what: str, logs: Path) -> None:
    out = logs / (re.sub(r"[^A-Za-z0-9]+", "-", what).strip("-") + ".log")
    with open(out, "wb") as f:
        rc = subprocess.run(cmd, cwd=cwd, env=env, stdout=f, stderr=subprocess.STDOUT).returncode
    if rc != 0:
        raise Failure(f"{what} failed (exit {rc}): {' '.join(cmd)} in {cwd}\n--- last lines of {out} ---\n{tail(out)}")


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def timed_build(prog: Program, mode: str, logs: Path) -> Result:
    res = Result(prog.key, mode)
    target = prog.dir / f"target-{mode}"
    if target.exists():
        shutil.rmtree(target)
    cmd = ["cargo", "build", "--locked", "--offline", "--message-format=json-render-diagnostics"]
    if mode == "release":
        cmd.append("--release")
    out_path = logs / f"{prog.key}-{mode}.json"
    err_path = logs / f"{prog.key}-{mode}.stderr"
    res.load_before = loadavg()
    log(f"building {prog.key} ({mode}), load average {res.load_before} ...")
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=prog.dir, env=build_env(target), stdout=out, stderr=err)
        sampler = Sampler(proc.pid)
        sampler.start()
        _, status, rusage = os.wait4(proc.pid, 0)
        res.wall_s = time.monotonic() - start
        sampler.stop.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise Failure(
            f"the {mode} build of {prog.key} failed (exit {proc.returncode}) in {prog.dir}\n"
            f"--- last lines of {err_path} ---\n{tail(err_path)}"
        )
    res.peak_sum_rss, res.peak_procs, res.samples = sampler.peak, sampler.peak_procs, sampler.samples
    res.max_single_rss = rusage.ru_maxrss * 1024  # KiB on Linux
    res.compiling = sum(1 for line in err_path.read_text(errors="replace").splitlines()
                        if re.match(r"^\s*Compiling ", line))
    packages = set()
    for line in out_path.read_text(errors="replace").splitlines():
        if not line.startswith("{"):
            continue
        msg = json.loads(line)
        reason = msg.get("reason")
        if reason == "compiler-artifact":
            res.units += 1
            packages.add(msg["package_id"])
            if msg.get("executable") and msg["target"]["name"] == prog.bin_name:
                res.binary = Path(msg["executable"])
        elif reason == "build-script-executed":
            res.build_scripts_run += 1
    res.packages = len(packages)
    if res.binary is None or not res.binary.is_file():
        raise Failure(f"the {mode} build of {prog.key} reported no executable {prog.bin_name}")
    res.size = res.binary.stat().st_size
    if mode == "release":
        copy = prog.dir / f"{prog.bin_name}.stripped"
        shutil.copy2(res.binary, copy)
        rc = subprocess.run(["strip", str(copy)]).returncode
        if rc != 0:
            raise Failure(f"strip {copy} failed (exit {rc})")
        res.stripped = copy.stat().st_size
    log(f"  {prog.key} ({mode}): {res.wall_s:.1f} s, {res.compiling} crates compiled, "
        f"peak {res.peak_sum_rss / MIB:.0f} MiB (sum of RSS), largest process {res.max_single_rss / MIB:.0f} MiB"
        + (f", stripped binary {res.stripped / MIB:.2f} MiB" if res.stripped is not None else ""))
    return res


# --------------------------------------------------------------------------
# Smoke run: each binary once, ours and sdk against a fake endpoint on 127.0.0.1.

SMOKE_FLEET = "build-cost-smoke-fleet"
SMOKE_OUTPUT = {"Fleets": [{
    "Arn": f"arn:aws:appstream:us-east-1:123456789012:fleet/{SMOKE_FLEET}",
    "Name": SMOKE_FLEET,
    "InstanceType": "stream.standard.medium",
    "ComputeCapacityStatus": {"Desired": 1},
    "State": "RUNNING",
}]}
CBOR_PATH = "/service/PhotonAdminProxyService/operation/DescribeFleets"


def cbor(value) -> bytes:
    """The little CBOR (RFC 8949) the fake endpoint answers with: maps, arrays, text, unsigned integers."""
    def head(major: int, n: int) -> bytes:
        if n < 24:
            return bytes([major << 5 | n])
        for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
            if n < 1 << (8 * size):
                return bytes([major << 5 | extra]) + n.to_bytes(size, "big")
        raise ValueError(n)
    if isinstance(value, bool) or not isinstance(value, (int, str, list, dict)) or (isinstance(value, int) and value < 0):
        raise TypeError(value)
    if isinstance(value, int):
        return head(0, value)
    if isinstance(value, str):
        data = value.encode()
        return head(3, len(data)) + data
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(cbor(v) for v in value)
    return head(5, len(value)) + b"".join(cbor(k) + cbor(v) for k, v in value.items())


class FakeAppStream(http.server.BaseHTTPRequestHandler):
    """DescribeFleets in either protocol a client may speak: awsJson1.1
    (X-Amz-Target, as this project's client and the service's 2016 model do)
    or Smithy RPC v2 CBOR (what aws-sdk-appstream 1.138 sends)."""
    protocol_version = "HTTP/1.1"
    seen: list[str] = []

    def do_POST(self) -> None:  # noqa: N802 (the http.server API)
        length = int(self.headers.get("Content-Length", "0") or 0)
        self.rfile.read(length)
        signed = self.headers.get("Authorization", "").startswith("AWS4-HMAC-SHA256")
        target = self.headers.get("X-Amz-Target", "")
        headers = {"x-amzn-RequestId": "00000000-0000-0000-0000-000000000000"}
        if signed and target == "PhotonAdminProxyService.DescribeFleets":
            FakeAppStream.seen.append(f"awsJson1.1 {target}")
            status, body = 200, json.dumps(SMOKE_OUTPUT).encode()
            headers["Content-Type"] = "application/x-amz-json-1.1"
        elif signed and self.path == CBOR_PATH and self.headers.get("smithy-protocol") == "rpc-v2-cbor":
            FakeAppStream.seen.append(f"rpc-v2-cbor {self.path}")
            status, body = 200, cbor(SMOKE_OUTPUT)
            headers["Content-Type"] = "application/cbor"
            headers["smithy-protocol"] = "rpc-v2-cbor"
        else:
            FakeAppStream.seen.append(f"unexpected: {self.path} target={target!r} signed={signed}")
            status, body = 400, json.dumps({"__type": "UnexpectedRequest", "message": self.path}).encode()
            headers["Content-Type"] = "application/json"
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def smoke(results: list[Result], work: Path) -> tuple[list[str], list[str]]:
    lines: list[str] = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeAppStream)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    home = work / "smoke-home"
    home.mkdir(exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "AWS_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "AWS_ENDPOINT_URL": f"http://127.0.0.1:{server.server_address[1]}",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": str(home / "no-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "no-credentials"),
    }
    failed = []
    try:
        done = set()
        for res in results:
            if res.program in done or res.binary is None:
                continue
            done.add(res.program)
            want = "sales-fleet" if res.program == "ours-types" else SMOKE_FLEET
            before = len(FakeAppStream.seen)
            try:
                p = subprocess.run([str(res.binary)], env=env, capture_output=True, text=True, timeout=60)
                ok = p.returncode == 0 and want in p.stdout.split()
                detail = f"exit {p.returncode}, printed {p.stdout.strip().splitlines()[-1:] or p.stderr.strip()[-200:]!r}"
            except subprocess.TimeoutExpired:
                ok, detail = False, "timed out after 60 s"
            spoke = "; ".join(FakeAppStream.seen[before:]) or "no request"
            lines.append(f"- {res.program} ({res.mode} binary): {'ok' if ok else 'FAILED'} ({detail}; "
                         f"requests: {spoke})")
            if not ok:
                failed.append(res.program)
    finally:
        server.shutdown()
    return lines, failed


# --------------------------------------------------------------------------
# Report.


def machine() -> dict[str, str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kib = int(line.split()[1])
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    rustc = subprocess.run(["rustc", "-V"], capture_output=True, text=True).stdout.strip()
    cargo = subprocess.run(["cargo", "-V"], capture_output=True, text=True).stdout.strip()
    git = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "generated", "runtime", "protocols"],
                           capture_output=True, text=True)
    commit = git.stdout.strip() if git.returncode == 0 else "unknown"
    if git.returncode == 0 and dirty.stdout.strip():
        commit += " (with uncommitted changes under generated/, runtime/ or protocols/)"
    return {"nproc": nproc, "cpu": cpu, "mem": f"{mem_kib / 1024 / 1024:.1f} GiB", "rustc": rustc,
            "cargo": cargo, "commit": commit}


def locked_versions(lockfile: Path, names: list[str]) -> tuple[dict[str, str], int]:
    lock = tomllib.loads(lockfile.read_text())
    found: dict[str, list[str]] = {}
    for pkg in lock.get("package", []):
        if pkg["name"] in names:
            found.setdefault(pkg["name"], []).append(pkg["version"])
    return {n: ", ".join(found.get(n, ["not found"])) for n in names}, len(lock.get("package", []))


def ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}×"


def render(results: list[Result], modes: list[str], info: dict[str, str], versions: dict, started: str,
           smoke_lines: list[str], quick: bool) -> str:
    by = {(r.program, r.mode): r for r in results}
    out: list[str] = []
    out.append("# Build cost: `appstream` (this project) against `aws-sdk-appstream` + `aws-config`")
    out.append("")
    out.append(f"Run started {started}{' with `--quick` (debug builds only)' if quick else ''}. "
               "Each build cold: fresh `CARGO_TARGET_DIR`, dependencies fetched beforehand, lockfile generated "
               "beforehand, `cargo build --locked --offline`, cargo's default profiles and job count; "
               "one build at a time, in the order ours, sdk, ours-types, debug then release.")
    out.append("")
    out.append("| measure | ours (client) | sdk | ours / sdk | ours, types only | types / sdk |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: |")

    def row(label: str, mode: str, get, fmt) -> None:
        vals = [get(by[(p, mode)]) if (p, mode) in by else None for p in ("ours", "sdk", "ours-types")]
        cells = [fmt(v) if v is not None else "–" for v in vals]
        out.append(f"| {mode}: {label} | {cells[0]} | {cells[1]} | {ratio(vals[0], vals[1])} | {cells[2]} | "
                   f"{ratio(vals[2], vals[1])} |")

    for mode in modes:
        row("wall time, cold build (s)", mode, lambda r: r.wall_s, lambda v: f"{v:.1f}")
        row("crates compiled (`Compiling` lines)", mode, lambda r: r.compiling, str)
        row("peak memory, sum of RSS of cargo + descendants (MiB)", mode, lambda r: r.peak_sum_rss / MIB,
            lambda v: f"{v:,.0f}")
        row("peak memory, largest single process (MiB)", mode, lambda r: r.max_single_rss / MIB,
            lambda v: f"{v:,.0f}")
        if mode == "release":
            row("binary size, stripped (KiB)", mode, lambda r: r.stripped / 1024, lambda v: f"{v:,.0f}")
            row("binary size, as built (KiB)", mode, lambda r: r.size / 1024, lambda v: f"{v:,.0f}")
    out.append("")
    out.append("Stripped size: `strip` (binutils, all symbols) run on a copy of the release binary; the release "
               "profile itself is cargo's default (no `strip`, no LTO).")
    out.append("")
    out.append("Details of each build (load average is `/proc/loadavg` just before it started; the machine may be "
               "shared, so compare the columns of one run rather than absolute figures across runs):")
    out.append("")
    out.append("| build | load average before | compiler units (json artifacts) | packages | build scripts run | "
               "memory samples | processes at the peak |")
    out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        out.append(f"| {r.program} {r.mode} | {r.load_before} | {r.units} | {r.packages} | {r.build_scripts_run} | "
                   f"{r.samples} | {r.peak_procs} |")
    out.append("")
    out.append("## Goals")
    out.append("")
    d_ours, d_sdk = by.get(("ours", "debug")), by.get(("sdk", "debug"))
    if d_ours and d_sdk:
        q = d_ours.wall_s / d_sdk.wall_s
        out.append(f"- Cold debug build at most 0.3× the SDK's: {d_ours.wall_s:.1f} s against {d_sdk.wall_s:.1f} s "
                   f"= {q:.2f}× — **{'met' if q <= 0.3 else 'not met'}**. (Peak build memory "
                   f"{d_ours.peak_sum_rss / MIB:,.0f} MiB against {d_sdk.peak_sum_rss / MIB:,.0f} MiB = "
                   f"{d_ours.peak_sum_rss / d_sdk.peak_sum_rss:.2f}×.)")
    r_ours, r_sdk = by.get(("ours", "release")), by.get(("sdk", "release"))
    if r_ours and r_sdk:
        q = r_ours.stripped / r_sdk.stripped
        out.append(f"- Stripped release binary at most a third of the SDK's: {r_ours.stripped / 1024:,.0f} KiB "
                   f"against {r_sdk.stripped / 1024:,.0f} KiB = {q:.2f}× — **{'met' if q <= 1 / 3 else 'not met'}**.")
    else:
        out.append("- Stripped release binary: not measured in this run (`--quick`).")
    out.append("")
    out.append("## Setup")
    out.append("")
    out.append(f"- Machine: `nproc` {info['nproc']}, {info['cpu']}, {info['mem']} of memory")
    out.append(f"- Toolchain: {info['rustc']}; {info['cargo']}")
    out.append(f"- This project: commit {info['commit']}; `appstream` from `generated/` by path")
    sdk_v, sdk_n = versions["sdk"]
    out.append("- Resolved for sdk (its Cargo.lock): " + ", ".join(f"`{k}` {v}" for k, v in sdk_v.items())
               + f"; {sdk_n} packages in the lockfile")
    for key in ("ours", "ours-types"):
        v, n = versions[key]
        out.append(f"- Resolved for {key}: " + ", ".join(f"`{k}` {v}" for k, v in v.items())
                   + f"; {n} packages in the lockfile")
    out.append("- Programs: `bench-vs-sdk/build-cost/{ours,sdk,ours-types}/` (client from the environment, one "
               "DescribeFleets call, fleet names printed; ours-types builds, validates and serialises a "
               "`DescribeFleetsInput` and reads a `DescribeFleetsOutput`)")
    if smoke_lines:
        out.append("- Each binary run once afterwards (ours and sdk against a fake DescribeFleets endpoint on "
                   "127.0.0.1, dummy credentials):")
        out.extend("  " + line for line in smoke_lines)
    out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------


def prepare(prog: Program, work: Path, logs: Path) -> None:
    src = HERE / prog.template
    prog.dir = work / prog.key
    shutil.copytree(src, prog.dir, ignore=shutil.ignore_patterns("Cargo.toml.template", "target*", "Cargo.lock"))
    text = (src / "Cargo.toml.template").read_text()
    if prog.needs_appstream_path:
        if "@APPSTREAM_PATH@" not in text:
            raise Failure(f"{src}/Cargo.toml.template has no @APPSTREAM_PATH@")
        toml_path = str(GENERATED).replace("\\", "\\\\").replace('"', '\\"')
        text = text.replace("@APPSTREAM_PATH@", toml_path)
    (prog.dir / "Cargo.toml").write_text(text.rstrip("\n") + "\n\n# Not part of any enclosing workspace.\n[workspace]\n")
    env = build_env(prog.dir / "target-fetch")
    log(f"{prog.key}: generating the lockfile and fetching dependencies in {prog.dir}")
    run_checked(["cargo", "generate-lockfile"], prog.dir, env, f"{prog.key} generate-lockfile", logs)
    run_checked(["cargo", "fetch", "--locked"], prog.dir, env, f"{prog.key} fetch", logs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="debug builds only")
    ap.add_argument("--out", default=str(HERE / "results.md"), help="Markdown results file (default: %(default)s)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--workdir", default=None, help="where to make the temporary directory (default: the system's)")
    ap.add_argument("--no-smoke", action="store_true", help="do not run the binaries after building them")
    args = ap.parse_args()

    if not (GENERATED / "Cargo.toml").is_file():
        log(f"{GENERATED}/Cargo.toml not found: run this script from inside a clone of the project")
        return 2
    for tool in ("cargo", "rustc", "strip"):
        if shutil.which(tool) is None:
            log(f"{tool} not found on PATH")
            return 2
    out_file = Path(args.out).resolve()
    work = Path(tempfile.mkdtemp(prefix="build-cost-", dir=args.workdir)).resolve()
    if REPO in work.parents:
        log(f"the work directory {work} is inside the repository; choose another --workdir")
        shutil.rmtree(work)
        return 2
    logs = work / "logs"
    logs.mkdir()
    log(f"work directory {work}")
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    modes = ["debug"] if args.quick else ["debug", "release"]
    ok = False
    try:
        info = machine()
        for prog in PROGRAMS:
            prepare(prog, work, logs)
        versions = {
            "sdk": locked_versions(PROGRAMS[1].dir / "Cargo.lock", ["aws-sdk-appstream", "aws-config", "tokio"]),
            "ours": locked_versions(PROGRAMS[0].dir / "Cargo.lock", ["appstream", "tokio"]),
            "ours-types": locked_versions(PROGRAMS[2].dir / "Cargo.lock", ["appstream", "serde_json"]),
        }
        log("resolved: " + ", ".join(f"{k} {v}" for k, v in versions["sdk"][0].items()))
        results = [timed_build(prog, mode, logs) for mode in modes for prog in PROGRAMS]
        smoke_lines, failed = ([], []) if args.no_smoke else smoke(results, work)
        report = render(results, modes, info, versions, started, smoke_lines, args.quick)
        print(report)
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_text(report)
        log(f"results written to {out_file}")
        if failed:
            raise Failure("the binaries of " + ", ".join(failed) + " did not work:\n" + "\n".join(smoke_lines))
        ok = True
        return 0
    except Failure as e:
        log(f"FAILED: {e}")
        log(f"kept the work directory {work} (logs in {logs})")
        return 1
    finally:
        if ok and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        elif ok:
            log(f"kept the work directory {work}")


if __name__ == "__main__":
    sys.exit(main())
