#!/usr/bin/env python3
"""A flame graph (SVG) from a JDK Flight Recording, offline, with nothing but the JDK's `jfr` tool.

    bench/flamegraph.py RECORDING.jfr OUT.svg [EVENT] [TITLE]

EVENT is jdk.CPUTimeSample by default (JDK 25, Linux: samples by CPU time spent, native code included), or
jdk.ExecutionSample (wall-clock sampling of threads running Java). Each stack's root is its thread's kind
(tomcat request threads, batcher workers, ...), so the graph shows where the process's CPU goes by role.
"""
import html
import re
import subprocess
import sys
from collections import defaultdict

FRAME = re.compile(r"^\s+(.+?)(?:\s+line: \d+)?(?:\s+bci: \d+)?\s*$")
THREAD = re.compile(r'^\s+(?:sampledThread|eventThread) = "([^"]*)"')


def thread_kind(name):
    name = re.sub(r"[-#]?\d+$", "", name)
    name = re.sub(r"-\d+(?=-)", "", name)
    return name or "thread"


def stacks(recording, event):
    text = subprocess.run(["jfr", "print", "--stack-depth", "128", "--events", event, recording],
                          check=True, capture_output=True, text=True).stdout
    counts = defaultdict(int)
    thread, frames, in_stack = "?", [], False
    for line in text.splitlines():
        match = THREAD.match(line)
        if match:
            thread = match.group(1)
        elif line.strip() == "stackTrace = [":
            in_stack, frames = True, []
        elif in_stack and line.strip() == "]":
            in_stack = False
            frames = [f for f in frames if f != "..."]
            counts[tuple([thread_kind(thread)] + list(reversed(frames)))] += 1
        elif in_stack:
            match = FRAME.match(line)
            if match:
                frames.append(match.group(1).strip())
    return counts


def tree(counts):
    root = {"name": "all", "value": 0, "children": {}}
    for stack, count in counts.items():
        node = root
        node["value"] += count
        for frame in stack:
            node = node["children"].setdefault(frame, {"name": frame, "value": 0, "children": {}})
            node["value"] += count
    return root


def color(name):
    if "edgeserve" in name:
        return "#6ab04c"
    if name.startswith(("ai.djl", "org.apache.mxnet")) or "MxnetLibrary" in name or "jna" in name.lower():
        return "#f0932b"
    if name.startswith(("org.apache.catalina", "org.apache.coyote", "org.apache.tomcat")):
        return "#4a90d9"
    if name.startswith(("org.springframework", "io.micrometer", "tools.jackson", "com.fasterxml")):
        return "#8e7cc3"
    if name.startswith(("java.", "jdk.", "sun.")):
        return "#b2bec3"
    return "#e17055"


def render(root, title, width=1400, row=17):
    depth = [0]

    def measure(node, level):
        depth[0] = max(depth[0], level)
        for child in node["children"].values():
            measure(child, level + 1)

    measure(root, 0)
    height = (depth[0] + 1) * row + 40
    total = root["value"] or 1
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="monospace" '
           f'font-size="11"><rect width="100%" height="100%" fill="#fff"/>',
           f'<text x="10" y="20" font-size="15">{html.escape(title)} ({total} samples; hover for names)</text>']

    def draw(node, x, level):
        w = node["value"] / total * (width - 20)
        if w < 0.3:
            return
        y = height - (level + 1) * row - 5
        share = 100.0 * node["value"] / total
        label = html.escape(node["name"])
        out.append(f'<g><title>{label} ({node["value"]} samples, {share:.1f}%)</title>'
                   f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row - 1}" fill="{color(node["name"])}" '
                   f'rx="2"/>')
        chars = int(w / 6.6)
        if chars > 3:
            text = node["name"] if len(node["name"]) <= chars else node["name"][:chars - 2] + ".."
            out.append(f'<text x="{x + 3:.1f}" y="{y + row - 5}">{html.escape(text)}</text>')
        out.append("</g>")
        cx = x
        for child in sorted(node["children"].values(), key=lambda c: c["name"]):
            draw(child, cx, level + 1)
            cx += child["value"] / total * (width - 20)

    draw(root, 10, 0)
    out.append("</svg>")
    return "\n".join(out)


def main():
    recording, output = sys.argv[1], sys.argv[2]
    event = sys.argv[3] if len(sys.argv) > 3 else "jdk.CPUTimeSample"
    title = sys.argv[4] if len(sys.argv) > 4 else f"{recording} {event}"
    counts = stacks(recording, event)
    if not counts:
        sys.exit(f"no {event} samples in {recording}")
    with open(output, "w") as svg:
        svg.write(render(tree(counts), title))
    # The leaf (self) frames with the most samples, as text beside the picture.
    self_counts = defaultdict(int)
    for stack, count in counts.items():
        self_counts[stack[-1]] += count
    total = sum(counts.values())
    for frame, count in sorted(self_counts.items(), key=lambda item: -item[1])[:25]:
        print(f"{100.0 * count / total:5.1f}%  {frame}")


if __name__ == "__main__":
    main()
