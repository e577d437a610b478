#!/usr/bin/env python3
"""The same-run peer table of BENCHMARKS.md: this project's generator, progenitor and OpenAPI Generator's
`rust` target on the same specs, on one machine, in one run.

    python3 tools/peers/run.py [--runs N] [SPEC...]      # default: the corpus specs in ../shared/corpus

Installs the peers, pinned, under tools/peers/.cache/ (git-ignored): cargo-progenitor 0.15.1 from crates.io
and openapi-generator-cli 7.26.0 from PyPI (the jar inside; Java 11+ must be on PATH). Then for each spec and
each generator:

- the hand edits the generator needs to accept the spec are applied to a copy of it, by the functions in
  EDITS below, and counted (a count of 0 means the spec went in as it is);
- generation is timed as a whole process (wall time, and peak memory from /usr/bin/time), the median of
  --runs runs;
- the lines of Rust it wrote are counted (every .rs file of the output);
- `cargo check` of the generated crate is timed with its dependencies built: the crate's root is touched and
  the check run --runs times, the generators interleaved run by run; the median is reported. All three share
  one target directory and check with CARGO_INCREMENTAL=0 (a dependency is never built incrementally, so
  that is what a service's clean build pays). This project's crate is checked with its default features,
  every tag (the peers have no mock server, so ours is checked without its `mock` feature). Each generated
  crate gets an empty `[workspace]` table, as its folder is inside this repository's workspace.

Not run in CI: it installs a JVM tool and compiles three crates several times. Prints a Markdown table.
"""

import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
CACHE = ROOT / "tools" / "peers" / ".cache"
PROGENITOR_VERSION = "0.15.1"
OPENAPI_GENERATOR_VERSION = "7.26.0"
GNU_TIME = pathlib.Path("/usr/bin/time")


def log(message):
    print(message, file=sys.stderr, flush=True)


def run(command, cwd=None, env=None, check=True):
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise SystemExit(f"`{' '.join(map(str, command))}` failed:\n{result.stdout}\n{result.stderr}")
    return result


def install():
    """The peers, pinned, under CACHE; this project's xtask built in release."""
    progenitor = CACHE / "cargo" / "bin" / "cargo-progenitor"
    if not progenitor.exists():
        log(f"installing cargo-progenitor {PROGENITOR_VERSION}")
        run(["cargo", "install", "cargo-progenitor", "--version", PROGENITOR_VERSION, "--locked",
             "--root", CACHE / "cargo"])
    venv = CACHE / "venv"
    generator = venv / "bin" / "openapi-generator-cli"
    if not generator.exists():
        log(f"installing openapi-generator-cli {OPENAPI_GENERATOR_VERSION}")
        run([sys.executable, "-m", "venv", venv])
        run([venv / "bin" / "pip", "install", "--quiet", f"openapi-generator-cli=={OPENAPI_GENERATOR_VERSION}"])
    log("building xtask (release)")
    run(["cargo", "build", "--release", "--quiet", "-p", "xtask"], cwd=ROOT)
    return {"ours": ROOT / "target" / "release" / "xtask", "progenitor": progenitor, "openapi-generator": generator}


# Hand edits: what each peer needs changed in a spec before it accepts it. Each takes the parsed spec, changes
# it in place and returns how many places it changed. Found by running the peer on the corpus specs; each says
# what the peer refused.

def operations(spec):
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if method in ("get", "put", "post", "delete", "patch", "head", "options", "trace") and isinstance(operation, dict):
                yield path, method, operation


def resolved_response(spec, response):
    """A response, with a `$ref` to `#/components/responses/...` followed."""
    while isinstance(response, dict) and isinstance(response.get("$ref"), str):
        name = response["$ref"].rsplit("/", 1)[-1]
        response = spec.get("components", {}).get("responses", {}).get(name)
    return response if isinstance(response, dict) else {}


def body_kinds(spec, responses, codes):
    return {json.dumps(resolved_response(spec, responses[c]).get("content"), sort_keys=True) for c in codes}


def one_success_body_type(spec):
    """progenitor: one type for all success responses (an assertion in progenitor-impl's method.rs); keeps the
    first 2XX response with a body and drops the other success responses."""
    changed = 0
    for _, _, operation in operations(spec):
        responses = operation.get("responses", {})
        success = [code for code in responses if str(code).startswith("2")]
        if len(body_kinds(spec, responses, success)) > 1:
            keep = next((c for c in success if resolved_response(spec, responses[c]).get("content")), success[0])
            for code in success:
                if code != keep:
                    del responses[code]
                    changed += 1
    return changed


def one_error_body_type(spec):
    """progenitor: one type for all error responses (the same assertion); where an operation's error responses
    differ, each becomes a response without a typed body (the caller gets the status and raw bytes)."""
    changed = 0
    for _, _, operation in operations(spec):
        responses = operation.get("responses", {})
        errors = [code for code in responses if not str(code).startswith("2")]
        if len(body_kinds(spec, responses, errors)) > 1:
            for code in errors:
                description = resolved_response(spec, responses[code]).get("description", "error")
                responses[code] = {"description": description}
                changed += 1
    return changed


def no_callbacks(spec):
    """progenitor: its openapiv3 cannot read a callback given as a `$ref`; callbacks are dropped (progenitor
    does not generate them anyway)."""
    changed = 0
    for _, _, operation in operations(spec):
        if operation.pop("callbacks", None) is not None:
            changed += 1
    return changed


def no_multipart_operations(spec):
    """progenitor: "unexpected content type: multipart/form-data"; operations with such a body are dropped."""
    changed = 0
    for path, method, operation in list(operations(spec)):
        body = operation.get("requestBody")
        content = body.get("content", {}) if isinstance(body, dict) else {}
        if any(kind.startswith("multipart/") for kind in content):
            del spec["paths"][path][method]
            changed += 1
    return changed


EDITS = {
    "ours": [],
    "progenitor": [no_callbacks, no_multipart_operations, one_success_body_type, one_error_body_type],
    "openapi-generator": [],
}

# Flags each peer is run with beyond the plain call, reported beside the edits.
FLAGS = {
    "ours": [],
    "progenitor": ["--interface builder"],
    "openapi-generator": ["--skip-validate-spec", "--additional-properties packageVersion=0.1.0"],
}


def load_spec(path):
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".json":
        return json.loads(text)
    import yaml  # only for YAML specs: PyYAML
    return yaml.safe_load(text)


def prepare(spec_path, generator, work):
    """A copy of the spec with the generator's edits applied; the count and names of the edits that changed
    something."""
    spec = load_spec(spec_path)
    applied = []
    total = 0
    for edit in EDITS[generator]:
        count = edit(spec)
        if count:
            applied.append(f"{edit.__name__} x{count}")
            total += count
    out = work / f"{generator}.json"
    out.write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return out, total, applied


def generate_command(generator, tools, spec, out, name):
    if generator == "ours":
        return [tools["ours"], "generate", "--spec", spec, "--out", out]
    if generator == "progenitor":
        return [tools["progenitor"], "progenitor", "-i", spec, "-o", out, "-n", name, "-v", "0.1.0",
                "--interface", "builder"]
    return [tools["openapi-generator"], "generate", "-i", spec, "-g", "rust", "-o", out,
            "--package-name", name, "--skip-validate-spec", "--additional-properties", "packageVersion=0.1.0"]


def timed(command, cwd=None, env=None):
    """Wall seconds and peak resident bytes (None without /usr/bin/time) of one run of `command`."""
    wrapped = [GNU_TIME, "-f", "peak-kb %M", "--", *command] if GNU_TIME.exists() else list(command)
    started = time.perf_counter()
    result = subprocess.run(wrapped, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"`{' '.join(map(str, command))}` failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    peak = None
    for line in reversed(result.stderr.splitlines()):
        if line.startswith("peak-kb "):
            peak = int(line.split()[1]) * 1024
            break
    return wall, peak


def standalone(crate):
    """Marks a generated crate as its own workspace (its folder is inside this repository's workspace)."""
    manifest = crate / "Cargo.toml"
    text = manifest.read_text(encoding="utf-8")
    if "[workspace]" not in text:
        manifest.write_text(text.rstrip("\n") + "\n\n[workspace]\n", encoding="utf-8")


def rust_lines(directory):
    return sum(len(p.read_text(encoding="utf-8", errors="replace").splitlines())
               for p in directory.rglob("*.rs") if "target" not in p.parts)


def version_of(command):
    result = run(command, check=False)
    return (result.stdout or result.stderr).strip().splitlines()[0] if (result.stdout or result.stderr) else "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("specs", nargs="*", type=pathlib.Path)
    args = parser.parse_args()
    specs = args.specs or sorted((ROOT.parent / "shared" / "corpus").glob("*.json"))
    if not specs:
        raise SystemExit("no specs: name spec files, or put the corpus in ../shared/corpus")
    tools = install()
    target = CACHE / "target"
    env = dict(os.environ, CARGO_TARGET_DIR=str(target), CARGO_INCREMENTAL="0")
    generators = ["ours", "progenitor", "openapi-generator"]
    rows = []
    for spec_path in specs:
        work = CACHE / "work" / spec_path.stem
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        crates = {}
        for generator in generators:
            spec, edits, applied = prepare(spec_path, generator, work)
            out = work / f"{generator}-crate"
            name = f"peer_{generator.replace('-', '_')}"
            walls, peaks = [], []
            try:
                for _ in range(args.runs):
                    shutil.rmtree(out, ignore_errors=True)
                    wall, peak = timed(generate_command(generator, tools, spec, out, name), cwd=work)
                    walls.append(wall)
                    peaks.append(peak or 0)
                standalone(out)
                log(f"{spec_path.name}: {generator}: building dependencies")
                timed(["cargo", "check", "--quiet"], cwd=out, env=env)
            except RuntimeError as failure:
                log(f"{spec_path.name}: {generator}: {failure}")
                rows.append((spec_path.name, generator, edits, applied, None, None, None, None))
                continue
            crates[generator] = (out, edits, applied, statistics.median(walls), max(peaks), rust_lines(out))
        checks = {g: [] for g in crates}
        for _ in range(args.runs):
            for generator, (out, *_rest) in crates.items():
                for root in (out / "src" / "lib.rs",):
                    root.touch()
                checks[generator].append(timed(["cargo", "check", "--quiet"], cwd=out, env=env)[0])
        for generator, (out, edits, applied, wall, peak, lines) in crates.items():
            rows.append((spec_path.name, generator, edits, applied, wall, peak, lines, statistics.median(checks[generator])))
    print(f"Run {time.strftime('%Y-%m-%d')}; {version_of(['rustc', '-V'])}; {version_of(['java', '-version'])}; "
          f"progenitor {PROGENITOR_VERSION} ({' '.join(FLAGS['progenitor'])}); OpenAPI Generator "
          f"{OPENAPI_GENERATOR_VERSION} (`-g rust`, {' '.join(FLAGS['openapi-generator'])}); medians of {args.runs} runs.\n")
    print("| spec | generator | hand edits | generation wall | generation peak memory | lines | `cargo check` |")
    print("|---|---|---|---|---|---|---|")
    for spec, generator, edits, applied, wall, peak, lines, check in rows:
        edit_cell = f"{edits} ({', '.join(applied)})" if applied else str(edits)
        if wall is None:
            print(f"| {spec} | {generator} | {edit_cell} | failed | | | |")
            continue
        peak_cell = f"{peak / 1e6:.0f} MB" if peak else "-"
        print(f"| {spec} | {generator} | {edit_cell} | {wall:.2f} s | {peak_cell} | {lines:,} | {check:.2f} s |")


if __name__ == "__main__":
    main()
