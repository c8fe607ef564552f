#!/usr/bin/env python3
"""Heartbeats for the load: keeping seeded nodes online, and the reports of the measured heartbeat load.

  heartbeats.py keepalive SWARM BASE OUT
      Writes OUT, a curl config with one heartbeat (no body) per node whose join answer SWARM/joined/<id>.json is
      complete so far, each with the node's own token. run.sh sends it over and over while it seeds, so that no node
      goes silent (its lease is three heartbeat intervals) before its holdings are declared.

  heartbeats.py reports SWARM ALLOCATIONS OUT
      ALLOCATIONS: the live allocations, "id<TAB>child<TAB>content<TAB>parents JSON" per line (from the database).
      Writes OUT, one line per joined node: "id token report", where report is the node's heartbeat body as a JSON
      template: per allocation it receives, one entry per parent (rate, cumulative bytes, position); per child it
      serves, the rate it sends; its load, free storage and holdings. heartbeat.lua fills in @SEQ@ (the heartbeat's
      number) and @BYTES@ (bytes received so far, growing with the number).
"""
import json
import os
import sys


def joined(swarm):
    """(id, token) of every node whose join answer is complete."""
    folder = os.path.join(swarm, "joined")
    for name in sorted(os.listdir(folder)):
        try:
            with open(os.path.join(folder, name)) as f:
                answer = json.load(f)
        except (OSError, ValueError):
            continue  # still being written, or the join failed: the next pass sees it
        if "nodeToken" in answer and "id" in answer:
            yield answer["id"], answer["nodeToken"]


def keepalive(swarm, base, out):
    count = 0
    with open(out + ".tmp", "w") as f:
        for nid, token in joined(swarm):
            if count:
                f.write("next\n")
            f.write('url = "%s/v1/nodes/%s/heartbeat"\nrequest = "POST"\n' % (base, nid))
            f.write('header = "Authorization: Bearer %s"\nheader = "Content-Type: application/json"\n' % token)
            f.write('output = "/dev/null"\nwrite-out = "%{http_code}\\n"\n')
            count += 1
    os.replace(out + ".tmp", out)
    print(count)


def reports(swarm, allocations, out):
    receiving, sending, holding = {}, {}, {}
    with open(allocations) as f:
        for line in f:
            aid, child, content, parents = line.rstrip("\n").split("\t")
            holding.setdefault(child, set()).add(content)
            for p in json.loads(parents):
                receiving.setdefault(child, []).append((aid, p["nodeId"], p["rateKbps"]))
                sending.setdefault(p["nodeId"], []).append((aid, child, p["rateKbps"]))
    count = 0
    with open(out, "w") as f:
        for nid, token in joined(swarm):
            # Numbers first, lists last; @SEQ@ and @BYTES@ are filled in per heartbeat by heartbeat.lua.
            body = '{"sequence":@SEQ@,"cpuLoad":0.25,"freeStorageMb":20000,"uplinkUsedKbps":%d' % sum(
                r for _, _, r in sending.get(nid, []))
            body += ',"receiving":[%s]' % ",".join(
                '{"allocationId":"%s","parentId":"%s","rateKbps":%d,"bytes":@BYTES@,"position":@SEQ@}' % r
                for r in receiving.get(nid, []))
            body += ',"sending":[%s]' % ",".join(
                '{"allocationId":"%s","childId":"%s","rateKbps":%d}' % s for s in sending.get(nid, []))
            body += ',"holdings":[%s]}' % ",".join(
                '{"contentId":"%s","position":@SEQ@}' % c for c in sorted(holding.get(nid, [])))
            f.write("%s %s %s\n" % (nid, token, body))
            count += 1
    print("%d nodes, %d receiving as children, %d sending as parents" % (count, len(receiving), len(sending)))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "keepalive":
        keepalive(*sys.argv[2:])
    elif len(sys.argv) == 5 and sys.argv[1] == "reports":
        reports(*sys.argv[2:])
    else:
        sys.exit(__doc__)
