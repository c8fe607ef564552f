#!/usr/bin/env python3
"""Puts the node tokens that the joins answered where the load needs them: a node acts only with its own token.

Reads SWARM/joined/<id>.json (the join answers), replaces each "@TOKEN:<id>@" of SWARM/holdings.curl with that
node's token, and writes SWARM/pairs-auth.txt: "child content token" per line of SWARM/pairs.txt (the token of the
child, for allocate.lua and heartbeat.lua).
Usage: tokens.py SWARM
"""
import json
import os
import re
import sys


def main():
    swarm = sys.argv[1]
    tokens = {}
    joined = os.path.join(swarm, "joined")
    for name in os.listdir(joined):
        with open(os.path.join(joined, name)) as f:
            answer = json.load(f)
        if "nodeToken" not in answer:
            sys.exit("join of %s answered no token: %s" % (name[:-5], json.dumps(answer)[:300]))
        tokens[answer["id"]] = answer["nodeToken"]
    path = os.path.join(swarm, "holdings.curl")
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(re.sub(r"@TOKEN:([^@]+)@", lambda m: tokens[m.group(1)], text))
    with open(os.path.join(swarm, "pairs.txt")) as f, open(os.path.join(swarm, "pairs-auth.txt"), "w") as out:
        for line in f:
            child, content = line.split()
            out.write("%s %s %s\n" % (child, content, tokens[child]))
    print(len(tokens))


if __name__ == "__main__":
    main()
