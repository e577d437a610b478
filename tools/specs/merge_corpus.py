#!/usr/bin/env python3
"""Writes specs/<version>.yaml as Cashfree's whole PG spec of that version: the corpus file
(../shared/corpus/cashfree-pg-<version>.json) as YAML, with every entry the present spec already has (the
seed-documented Token Vault and its shared parts, with their `# quirk:` comments) kept as it is written there.

Run once per version to rebuild a spec from the corpus: `python3 tools/specs/merge_corpus.py 2025-01-01`.
Entries are taken whole: a path, a component, a top-level key. The present spec's text wins for every entry it
has; the corpus supplies the rest, in the corpus's order. A corpus path the spec writes under another key (the
2025-01-01 `?instrument_type=card` path) is named in REPLACED_PATHS. The result is checked: parsed, it equals
the corpus with the spec's entries laid over it.
"""

import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]

# Corpus path -> the key the present spec writes it under (the seeds' form of the same route).
REPLACED_PATHS = {
    "2025-01-01": {"/customers/{customer_id}/instruments": "/customers/{customer_id}/instruments?instrument_type=card"},
}


class Dumper(yaml.SafeDumper):
    """Block sequences indented under their key, as the hand-written parts are."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def represent_str(dumper, value):
    if "\n" in value and not re.search(r"[ \t]\n|[ \t]$|\r", value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


Dumper.add_representer(str, represent_str)


def dump_entry(key, value, indent):
    """One `key: value` entry as YAML text at the given indent."""
    text = yaml.dump({key: value}, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=110, indent=2)
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))


def split_children(lines, start, end, indent):
    """The child entries of a mapping written at lines[start:end], children at `indent` spaces: an ordered
    list of (key, text), each text with the comment lines just above its key."""
    key_re = re.compile(r"^" + " " * indent + r"([^ #\-][^:]*|'[^']*'|\"[^\"]*\"):( |$)")
    entries = []
    pending = []
    current = None
    for line in lines[start:end]:
        match = key_re.match(line)
        stripped = line.strip()
        if match:
            if current:
                entries.append(current)
            key = yaml.safe_load(match.group(1) + ": ~")
            current = (next(iter(key)), pending + [line])
            pending = []
        elif stripped.startswith("#") and line.startswith(" " * indent + "#") and not line.startswith(" " * (indent + 1)):
            pending.append(line)
        elif current:
            current[1].extend(pending + [line])
            pending = []
        else:
            pending.append(line)
    if current:
        current[1].extend(pending)
        entries.append(current)
    return [(key, "".join(text)) for key, text in entries]


def top_level(lines):
    """Top-level entries: key -> (first line index including leading comments, end index)."""
    starts = []
    for number, line in enumerate(lines):
        if re.match(r"^[A-Za-z][^:]*:", line):
            first = number
            while first > 0 and lines[first - 1].startswith("#"):
                first -= 1
            starts.append((line.split(":", 1)[0], first, number))
    result = {}
    for index, (key, first, at) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else len(lines)
        result[key] = (first, at, end)
    return result


def merge(version):
    corpus = json.loads((ROOT.parent / "shared" / "corpus" / f"cashfree-pg-{version}.json").read_text())
    spec_path = ROOT / "specs" / f"{version}.yaml"
    text = spec_path.read_text()
    lines = text.splitlines(keepends=True)
    present = yaml.safe_load(text)
    tops = top_level(lines)
    replaced = REPLACED_PATHS.get(version, {})

    header_end = min(first for first, _, _ in tops.values())
    out = ["".join(lines[:header_end])]
    expected = {}
    order = list(present.keys()) + [key for key in corpus if key not in present]
    for key in order:
        if key in ("paths", "components"):
            first, at, end = tops[key]
            out.append("".join(lines[first : at + 1]))
            if key == "paths":
                children = dict(split_children(lines, at + 1, end, 2))
                expected["paths"] = {}
                for path, item in corpus["paths"].items():
                    path = replaced.get(path, path)
                    if path in children:
                        out.append(children.pop(path))
                        expected["paths"][path] = present["paths"][path]
                    else:
                        out.append(dump_entry(path, item, 2))
                        expected["paths"][path] = item
                for path, block in children.items():
                    out.append(block)
                    expected["paths"][path] = present["paths"][path]
            else:
                sections = split_children(lines, at + 1, end, 2)
                section_text = dict(sections)
                expected["components"] = {}
                names = list(corpus["components"]) + [name for name, _ in sections if name not in corpus["components"]]
                for section in names:
                    merged = dict(corpus["components"].get(section, {}))
                    if section not in section_text:
                        out.append(dump_entry(section, merged, 2))
                        expected["components"][section] = merged
                        continue
                    block = section_text[section].splitlines(keepends=True)
                    head = next(i for i, line in enumerate(block) if line.startswith("  " + section + ":"))
                    out.append("".join(block[: head + 1]))
                    children = dict(split_children(block, head + 1, len(block), 4))
                    result = {}
                    for name, value in corpus["components"].get(section, {}).items():
                        if name in children:
                            out.append(children.pop(name))
                            result[name] = present["components"][section][name]
                        else:
                            out.append(dump_entry(name, value, 4))
                            result[name] = value
                    for name, block_text in children.items():
                        out.append(block_text)
                        result[name] = present["components"][section][name]
                    expected["components"][section] = result
        elif key in present:
            first, _, end = tops[key]
            if key == "tags":
                out.append(merge_tags(lines, tops[key], present["tags"], corpus["tags"]))
                seed = {tag["name"]: tag for tag in present["tags"]}
                expected["tags"] = [seed.get(tag["name"], tag) for tag in corpus["tags"]]
                expected["tags"] += [tag for tag in present["tags"] if tag["name"] not in {t["name"] for t in corpus["tags"]}]
            else:
                out.append("".join(lines[first:end]))
                expected[key] = present[key]
        else:
            out.append(dump_entry(key, corpus[key], 0))
            expected[key] = corpus[key]
    result = "".join(out)
    parsed = yaml.safe_load(result)
    if parsed != expected:
        for key in expected:
            if parsed.get(key) != expected[key]:
                sys.exit(f"{version}: the written spec differs from the merge at {key}")
        sys.exit(f"{version}: the written spec has other keys than the merge")
    spec_path.write_text(result)
    print(f"specs/{version}.yaml: {len(parsed['paths'])} paths, {len(result.splitlines())} lines")


def merge_tags(lines, span, present, corpus):
    """The corpus's tag list, each tag the present spec writes kept as written there."""
    first, at, end = span
    items = []
    current = None
    for line in lines[at + 1 : end]:
        if line.startswith("  - "):
            current = [line]
            items.append(current)
        elif current is not None:
            current.append(line)
    written = {tag["name"]: "".join(item) for tag, item in zip(present, items)}
    out = ["".join(lines[first : at + 1])]
    for tag in corpus:
        if tag["name"] in written:
            out.append(written.pop(tag["name"]))
        else:
            item = yaml.dump([tag], Dumper=Dumper, sort_keys=False, allow_unicode=True, width=110)
            out.append("".join("  " + line for line in item.splitlines(keepends=True)))
    out.extend(written.values())
    return "".join(out)


if __name__ == "__main__":
    for version in sys.argv[1:] or ["2023-08-01", "2025-01-01"]:
        merge(version)
