#!/usr/bin/env python3
"""Aggregates JFR execution samples: samples per thread, top self frames, top inclusive frames.

Usage: jfr print --events jdk.ExecutionSample --stack-depth 80 rec.jfr | gateway-benchmarks/jfr-top.py [thread-regex]
(Native frames such as Inflater.inflateBytesBytes are in jdk.NativeMethodSample, not in these samples.)
"""
import sys, re, collections

filt = sys.argv[1] if len(sys.argv) > 1 else None
events = []
cur = None
frames = None
for line in sys.stdin:
    s = line.strip()
    if s.startswith('jdk.ExecutionSample'):
        cur = {'thread': '', 'frames': []}
        events.append(cur)
        frames = None
    elif cur is not None and s.startswith('sampledThread'):
        m = re.search(r'"([^"]*)"', s)
        cur['thread'] = m.group(1) if m else s
    elif cur is not None and s.startswith('stackTrace = ['):
        frames = cur['frames']
    elif frames is not None and s == ']':
        frames = None
    elif frames is not None and s and s != '...':
        f = re.sub(r'\s+line:.*', '', s)
        frames.append(f)
def tname(t):
    return re.sub(r'\d+$', 'N', t)
threads = collections.Counter(tname(e['thread']) for e in events)
print("samples", len(events))
for t, c in threads.most_common(12):
    print(f"  {c:6d} {100*c/len(events):5.1f}%  {t}")
sel = [e for e in events if (filt is None or re.search(filt, e['thread']))]
print("selected", len(sel), filt)
selfc = collections.Counter(e['frames'][0] for e in sel if e['frames'])
print("--- top self")
for f, c in selfc.most_common(35):
    print(f"  {c:6d} {100*c/len(sel):5.1f}%  {f}")
incl = collections.Counter()
for e in sel:
    for f in set(e['frames']):
        incl[f] += 1
print("--- top inclusive")
for f, c in incl.most_common(70):
    print(f"  {c:6d} {100*c/len(sel):5.1f}%  {f}")
