#!/usr/bin/env python3
"""Drives `sigscope server` over pipes as an editor does and measures it.

    bench/server.py BINARY WORKSPACE RULE [EDITS]

Starts the server with WORKSPACE as its only workspace folder, waits for the end of the index's
progress, reads the server's peak and current resident memory (VmHWM, VmRSS), opens RULE (a
file of the workspace) and sends EDITS (default 500) changes one at a time, each waiting for the
diagnostics of its version: the time from writing the didChange to reading its
publishDiagnostics. Every other edit changes a value of the detection, so each is a real check.
Prints one line of `key=value` pairs.
"""

import json
import os
import statistics
import subprocess
import sys
import time


def send(proc, msg):
    body = json.dumps(msg).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()


def read(proc):
    length = None
    while True:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("the server closed its output")
        line = line.strip()
        if not line:
            break
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    return json.loads(proc.stdout.read(length))


def memory(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmHWM", "VmRSS")):
                key, value = line.split(":")
                out[key] = int(value.split()[0]) // 1024
    return out


def main():
    binary, workspace, rule = sys.argv[1:4]
    edits = int(sys.argv[4]) if len(sys.argv) > 4 else 500
    binary = os.path.abspath(binary)
    workspace = os.path.abspath(workspace)
    rule = os.path.abspath(rule)
    root = "file://" + workspace
    uri = "file://" + rule
    proc = subprocess.Popen(
        [binary, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=workspace
    )
    started = time.perf_counter()
    send(proc, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "rootUri": root,
        "workspaceFolders": [{"uri": root, "name": "bench"}],
        "capabilities": {"window": {"workDoneProgress": True}},
    }})
    send(proc, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
    indexed = None
    while indexed is None:
        msg = read(proc)
        if msg.get("method") == "$/progress" and msg["params"]["value"]["kind"] == "end":
            indexed = msg["params"]["value"].get("message", "")
    index_s = time.perf_counter() - started
    after_index = memory(proc.pid)

    with open(rule) as f:
        text = f.read()
    send(proc, {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}})
    while True:
        msg = read(proc)
        if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
            break
    # An edit inside the detection: the condition's last line gains and loses a comment.
    times = []
    findings = 0
    for version in range(2, edits + 2):
        edited = text + ("# edit %d\n" % version if version % 2 else "")
        t0 = time.perf_counter()
        send(proc, {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": edited}]}})
        while True:
            msg = read(proc)
            if (msg.get("method") == "textDocument/publishDiagnostics"
                    and msg["params"]["uri"] == uri
                    and msg["params"].get("version") == version):
                break
        times.append((time.perf_counter() - t0) * 1000)
        findings = len(msg["params"]["diagnostics"])
    after_edits = memory(proc.pid)
    send(proc, {"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
    while read(proc).get("id") != 2:
        pass
    send(proc, {"jsonrpc": "2.0", "method": "exit", "params": None})
    proc.wait()
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(
        f"indexed='{indexed}' index_s={index_s:.2f} edits={edits} findings={findings} "
        f"median_ms={statistics.median(times):.2f} p99_ms={p99:.2f} max_ms={times[-1]:.2f} "
        f"hwm_after_index_mb={after_index['VmHWM']} rss_after_index_mb={after_index['VmRSS']} "
        f"hwm_mb={after_edits['VmHWM']} rss_mb={after_edits['VmRSS']}"
    )


if __name__ == "__main__":
    main()
