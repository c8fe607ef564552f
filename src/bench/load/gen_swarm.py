#!/usr/bin/env python3
"""Generates the benchmark swarm as request files for run.sh.

Deterministic for a given seed. Writes into OUT:
  contents.jsonl      one content per line (PUT /v1/contents/{id})
  nodes.curl          curl config: POST /v1/nodes, one transfer per node
  holdings.curl       curl config: PUT /v1/nodes/{id}/holdings/{content}
  pairs.txt           "child content" pairs the allocation load draws from
  tracker-seed.curl   curl config: one announce per holding (a seeder), for bittorrent-tracker
  tracker-pairs.txt   "peer_id info_hash(url-encoded) port" lines, the same pairs as pairs.txt
  summary.txt         counts

Swarm: NODES nodes, of which CDNS are CDN nodes; clients are 30 % lightweight (no-install browser
player behind a symmetric NAT), spread over 5 ISPs and 10 countries. Every client watches one content
(and holds it), drawn from a Zipf-like popularity over the contents; one client in five also holds part
of a file. Every CDN node holds every content.
"""
import argparse
import hashlib
import json
import os
import random
import sys
import zlib

COUNTRIES = [
    # code, time zone, latitude, longitude
    ("DE", "Europe/Berlin", 51.0, 10.0),
    ("FR", "Europe/Paris", 46.5, 2.5),
    ("GB", "Europe/London", 52.5, -1.5),
    ("NL", "Europe/Amsterdam", 52.2, 5.3),
    ("ES", "Europe/Madrid", 40.4, -3.7),
    ("IT", "Europe/Rome", 42.8, 12.5),
    ("PL", "Europe/Warsaw", 52.0, 19.5),
    ("SE", "Europe/Stockholm", 59.3, 18.0),
    ("US", "America/New_York", 40.7, -74.0),
    ("JP", "Asia/Tokyo", 35.7, 139.7),
]
ISPS = [("isp-alpha", 64501), ("isp-bravo", 64502), ("isp-charlie", 64503), ("isp-delta", 64504), ("isp-echo", 64505)]
PROVIDERS = ["sportsnet", "cinema-plus", "newsroom", "soundwave", "campus"]


def contents(n, rng):
    out = []
    for i in range(n):
        cid = "c%03d" % i
        r = i % 10
        if r < 6:  # live video
            c = {"kind": "LIVE", "media": "VIDEO", "bitrateKbps": rng.choice([1500, 2500, 3000, 4500]),
                 "provider": "sportsnet" if r < 3 else "newsroom",
                 "category": "SPORTS" if r < 3 else "NEWS", "monetization": "AD_SUPPORTED"}
        elif r < 8:  # video on demand
            c = {"kind": "FILE", "media": "VIDEO", "bitrateKbps": rng.choice([2000, 3000, 5000]),
                 "provider": "cinema-plus", "category": "MOVIE", "monetization": "PREMIUM",
                 "ageRating": 16 if i % 20 == 7 else 0}
        else:  # audio
            c = {"kind": "LIVE" if r == 8 else "FILE", "media": "AUDIO",
                 "bitrateKbps": rng.choice([128, 192, 320]),
                 "provider": "soundwave" if r == 8 else "campus",
                 "category": "MUSIC" if r == 8 else "LECTURE", "monetization": "FREE"}
        c["title"] = "bench content %d" % i
        out.append((cid, c))
    return out


def zipf_weights(n, s=0.8):
    return [1.0 / (k + 1) ** s for k in range(n)]


def node(i, n_cdn, rng):
    country, tz, lat, lon = COUNTRIES[i % len(COUNTRIES)] if i < n_cdn else rng.choice(COUNTRIES)
    isp, asn = ISPS[i % len(ISPS)] if i < n_cdn else rng.choice(ISPS)
    region = "%s-%d" % (country.lower(), rng.randrange(3))
    network = {"ip": "10.%d.%d.%d" % (i >> 16 & 255, i >> 8 & 255, i & 255), "asn": asn, "isp": isp,
               "country": country, "region": region,
               "latitude": round(lat + rng.uniform(-2, 2), 3), "longitude": round(lon + rng.uniform(-2, 2), 3)}
    if i < n_cdn:
        nid = "cdn-%02d" % i
        network["natType"] = "OPEN"
        return nid, {"id": nid, "kind": "CDN", "implementation": "edge/1.0", "network": network,
                     "uplinkKbps": 10_000_000, "timeZone": tz}, False
    nid = "n%07d" % i
    lightweight = rng.random() < 0.30
    if lightweight:
        network["natType"] = "SYMMETRIC"
        body = {"id": nid, "kind": "CLIENT", "implementation": "browser-webrtc/2.1",
                "capabilities": {"acceptsIncoming": False, "initiatesConnections": True, "canForward": True},
                "uplinkKbps": rng.choice([1000, 2000, 4000]), "device": rng.choice(["LAPTOP", "MOBILE", "TABLET"])}
    else:
        network["natType"] = rng.choice(["OPEN", "FULL_CONE", "RESTRICTED_CONE", "PORT_RESTRICTED_CONE"])
        body = {"id": nid, "kind": "CLIENT", "implementation": "peerage-desktop/3.1",
                "capabilities": {"acceptsIncoming": True, "initiatesConnections": True, "canForward": True},
                "uplinkKbps": rng.choice([4000, 8000, 12000, 20000, 50000]),
                "device": rng.choice(["DESKTOP", "LAPTOP", "SET_TOP", "TV", "CONSOLE"])}
    body["network"] = network
    body["downlinkKbps"] = rng.choice([20000, 50000, 100000])
    body["subscription"] = rng.choices(["PREMIUM", "STANDARD", "FREE"], [1, 6, 3])[0]
    body["timeZone"] = tz
    if rng.random() < 0.5:
        body["viewerAge"] = rng.randrange(8, 80)
    return nid, body, lightweight


def curl_entry(method, url, body=None, output="/dev/null", auth=None):
    lines = ['url = "%s"' % url, 'request = "%s"' % method, 'output = "%s"' % output,
             'write-out = "%{http_code}\\n"']
    if auth is not None:
        lines.append('header = "Authorization: Bearer %s"' % auth)
    if body is not None:
        lines.append('header = "Content-Type: application/json"')
        # The body as a quoted config string: JSON string escapes are valid curl config escapes.
        lines.append("data = %s" % json.dumps(json.dumps(body, separators=(",", ":"))))
    return "\n".join(lines) + "\n"


class CurlConfig:
    """A curl config of many transfers, separated by "next" (a trailing one would add an empty transfer)."""

    def __init__(self, path):
        self.file = open(path, "w")
        self.count = 0

    def add(self, method, url, body=None, output="/dev/null", auth=None):
        if self.count:
            self.file.write("next\n")
        self.file.write(curl_entry(method, url, body, output, auth))
        self.count += 1

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.file.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--base", required=True, help="Peerage base URL")
    p.add_argument("--tracker", required=True, help="bittorrent-tracker base URL")
    p.add_argument("--nodes", type=int, default=50_000)
    p.add_argument("--cdns", type=int, default=20)
    p.add_argument("--contents", type=int, default=100)
    p.add_argument("--pairs", type=int, default=50_000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--operator-token", required=True, help="an operator's token: CDN nodes are joined by one")
    p.add_argument("--holders-per-content", type=int, default=0,
                   help="0: every client holds the content it watches (Zipf-like popularity); N: every content has"
                        " exactly N holders among the clients, which hold nothing else, and the other clients (the"
                        " children of the load) hold nothing: swarms of one size, as a tracker's torrents")
    a = p.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(os.path.join(a.out, "joined"), exist_ok=True)

    catalog = contents(a.contents, rng)
    ids = [cid for cid, _ in catalog]
    kinds = {cid: c["kind"] for cid, c in catalog}
    weights = zipf_weights(len(ids))
    with open(os.path.join(a.out, "contents.jsonl"), "w") as f:
        for cid, c in catalog:
            f.write("%s %s\n" % (cid, json.dumps(c)))

    info_hash = {cid: "".join("%%%02X" % b for b in hashlib.sha1(cid.encode()).digest()) for cid in ids}

    def peer_id(nid):  # 20 printable bytes, as BitTorrent clients send them
        return ("-PB0100-" + nid)[:20].ljust(20, "0")

    def peer_port(nid):
        return 10000 + zlib.crc32(nid.encode()) % 50000

    even = a.holders_per_content
    if even and a.nodes - a.cdns <= even * len(ids):
        sys.exit("--nodes %d leaves no children beside %d CDN nodes and %d contents x %d holders"
                 % (a.nodes, a.cdns, len(ids), even))
    clients, holdings, lightweight_count = [], [], 0
    with CurlConfig(os.path.join(a.out, "nodes.curl")) as f:
        for i in range(a.nodes):
            nid, body, light = node(i, a.cdns, rng)
            lightweight_count += light
            # Each join answer (with the node's token) is kept; tokens.py puts the tokens where they are needed.
            f.add("POST", a.base + "/v1/nodes", body, os.path.join(a.out, "joined", nid + ".json"),
                  a.operator_token if i < a.cdns else None)
            if i < a.cdns:
                holdings.extend((nid, cid, None) for cid in ids)
            elif even:
                held = (i - a.cdns) // even
                if held < len(ids):
                    holdings.append((nid, ids[held], None))
                else:
                    clients.append(nid)
            else:
                clients.append(nid)
                watched = rng.choices(ids, weights)[0]
                holdings.append((nid, watched, None))
                if rng.random() < 0.2:
                    files = [cid for cid in ids if kinds[cid] == "FILE" and cid != watched]
                    holdings.append((nid, rng.choice(files), round(rng.uniform(0.2, 1.0), 2)))

    with CurlConfig(os.path.join(a.out, "holdings.curl")) as f, \
            CurlConfig(os.path.join(a.out, "tracker-seed.curl")) as t:
        for nid, cid, fraction in holdings:
            f.add("PUT", "%s/v1/nodes/%s/holdings/%s" % (a.base, nid, cid),
                  None if fraction is None else {"fraction": fraction}, auth="@TOKEN:%s@" % nid)
            port = peer_port(nid)
            t.add("GET", "%s/announce?info_hash=%s&peer_id=%s&port=%d&uploaded=0&downloaded=0"
                               "&left=0&event=started&compact=1&numwant=4"
                  % (a.tracker, info_hash[cid], peer_id(nid), port))

    # The allocation load: a fixed population of (child, content) pairs, so that a pair asked again replaces its
    # live allocation (as a viewer asking again does) and the swarm's uplink reaches a steady state.
    with open(os.path.join(a.out, "pairs.txt"), "w") as f, open(os.path.join(a.out, "tracker-pairs.txt"), "w") as t:
        for _ in range(a.pairs):
            child = rng.choice(clients)
            cid = rng.choice(ids) if even else rng.choices(ids, weights)[0]
            f.write("%s %s\n" % (child, cid))
            t.write("%s %s %d\n" % (peer_id(child), info_hash[cid], peer_port(child)))

    with open(os.path.join(a.out, "summary.txt"), "w") as f:
        f.write("nodes=%d cdn=%d clients=%d lightweight=%d contents=%d holdings=%d pairs=%d%s\n" % (
            a.nodes, a.cdns, len(clients), lightweight_count, len(ids), len(holdings), a.pairs,
            " holders_per_content=%d" % even if even else ""))


if __name__ == "__main__":
    main()
