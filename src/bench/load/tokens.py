#!/usr/bin/env python3
"""Puts the node tokens that the joins answered where the load needs them: a node acts only with its own token.

Reads SWARM/joined/<id>.json (the join answers), replaces each "@TOKEN:<id>@" of SWARM/holdings.curl with that
node's token, and writes SWARM/pairs-auth.txt: "child content token" per line of SWARM/pairs.txt (the token of the
child, for allocate.lua and heartbeat.lua).
Usage: tokens.py SWARM

  tokens.py retry SWARM
      Writes SWARM/nodes-retry.curl with the joins of SWARM/nodes.curl whose answer holds no token (a 503 on a loaded
      machine: nothing was changed, try again) and prints how many.
"""
import json
import os
import re
import sys


def has_token(path):
    try:
        with open(path) as f:
            return "nodeToken" in json.load(f)
    except (OSError, ValueError):
        return False


def retry(swarm):
    with open(os.path.join(swarm, "nodes.curl")) as f:
        entries = f.read().split("next\n")
    again = [e for e in entries if not has_token(re.search(r'^output = "([^"]+)"$', e, re.M).group(1))]
    with open(os.path.join(swarm, "nodes-retry.curl"), "w") as f:
        f.write("next\n".join(again))
    print(len(again))


def main():
    if sys.argv[1] == "retry":
        retry(sys.argv[2])
        return
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
