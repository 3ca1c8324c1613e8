#!/usr/bin/env python3
"""Turns a JMH JSON result (-rf json) and CorpusSizes output into the tables of docs/benchmarks.md.

Usage: gateway-benchmarks/jmh-tables.py bench.json sizes.tsv
"""
import json
import sys

data = json.load(open(sys.argv[1]))
sizes = {}
for line in open(sys.argv[2]):
    p = line.rstrip('\n').split('\t')
    if p[0] == 'shape':
        continue
    sizes[(p[0], p[1], p[2])] = (float(p[3]), float(p[4]))
res = {}
for r in data:
    name = '.'.join(r['benchmark'].split('.')[-2:])
    params = r.get('params', {})
    key = (name, params.get('shape'), params.get('encoding'), params.get('compression'))
    sec = r['secondaryMetrics']
    res[key] = dict(score=r['primaryMetric']['score'], err=r['primaryMetric']['scoreError'],
                    norm=sec.get('gc.alloc.rate.norm', {}).get('score'), rate=sec.get('gc.alloc.rate', {}).get('score'))
shapes = ['hello', 'message_create', 'guild_create']


def fmt(v):
    return f"{v:,.0f}" if v >= 100 else f"{v:,.1f}"


def harmonic(a, b):
    return 1 / (1 / a + 1 / b)


print("### Full pipeline vs raw limit\n")
print("| shape | encoding | compression | socket thread events/s (±err) | alloc B/event | with data tree events/s (±err) | alloc B/event | decompressed MB/s (with tree) | bare decompress events/s | bare Jackson readTree events/s | limit events/s | with tree / limit | socket thread / limit |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for s in shapes:
    jack = res[('DecodeBenchmark.jacksonReadTree', s, None, None)]['score']
    for e in ['json', 'etf']:
        for c in ['zlib-stream', 'zstd-stream']:
            p = res[('ReceivePipelineBenchmark.pipeline', s, e, c)]
            t = res[('ReceivePipelineBenchmark.pipelineWithData', s, e, c)]
            d = res[('ReceivePipelineBenchmark.decompressOnly', s, e, c)]['score']
            limit = harmonic(d, jack)
            raw = sizes[(s, e, c)][1]
            print(f"| {s} | {e} | {c} | {fmt(p['score'])} (±{fmt(p['err'])}) | {fmt(p['norm'])} | {fmt(t['score'])} (±{fmt(t['err'])}) | "
                  f"{fmt(t['norm'])} | {t['score'] * raw / 1e6:,.1f} | {fmt(d)} | {fmt(jack)} | {fmt(limit)} | "
                  f"{100 * t['score'] / limit:.0f}% | {100 * p['score'] / limit:.0f}% |")
print("\n### Decoding alone (uncompressed payloads)\n")
print("| shape | JSON bytes | ETF bytes | bare Jackson readTree events/s | JsonCodec checked events/s | JsonCodec + tree events/s | EtfCodec checked events/s | EtfCodec + tree events/s | ETF / JSON (with tree) | alloc B/event Jackson / JSON checked / JSON + tree / ETF checked / ETF + tree |")
print("|---|---|---|---|---|---|---|---|---|---|")
for s in shapes:
    j = res[('DecodeBenchmark.jacksonReadTree', s, None, None)]
    jc = res[('DecodeBenchmark.jsonCodec', s, None, None)]
    jt = res[('DecodeBenchmark.jsonCodecWithData', s, None, None)]
    ec = res[('DecodeBenchmark.etfCodec', s, None, None)]
    et = res[('DecodeBenchmark.etfCodecWithData', s, None, None)]
    jb = sizes[(s, 'json', 'none')][1]
    eb = sizes[(s, 'etf', 'none')][1]
    print(f"| {s} | {jb:,.0f} | {eb:,.0f} | {fmt(j['score'])} (±{fmt(j['err'])}) | {fmt(jc['score'])} (±{fmt(jc['err'])}) | "
          f"{fmt(jt['score'])} (±{fmt(jt['err'])}) | {fmt(ec['score'])} (±{fmt(ec['err'])}) | {fmt(et['score'])} (±{fmt(et['err'])}) | "
          f"{et['score'] / jt['score']:.2f}× | {fmt(j['norm'])} / {fmt(jc['norm'])} / {fmt(jt['norm'])} / {fmt(ec['norm'])} / {fmt(et['norm'])} |")
