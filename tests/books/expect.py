#!/usr/bin/env python3
"""expect: what a talking book of a leaflet must list and play, worked out from
`audioleaf outline --json` (the leaflet as parsed) alone, not from any book: the title,
each section heading at level 1, each question of a questions-to-ask list at level 2 under
its section, and for each entry the units (render ids) whose audio it plays: its own unit,
then the list items and paragraphs that are not headings of their own, and the "last
updated" line after the last section.
Usage: expect.py OUTLINE.json  -> prints a JSON list of {level, text, units}."""
import json
import re
import sys


def shown(text):
    text = re.sub(r"\[([^\[\]/]*)/[^\[\]]*\]", r"\1", text)
    return " ".join(text.split()).rstrip(": ")


def entries(outline):
    out = []
    title = shown(outline["title"])
    secs = outline["sections"]
    first = secs[0] if secs else None
    if not first or shown(first["heading"]) != title:
        out.append({"level": 1, "text": title, "units": []})
    for s in secs:
        questions = bool(s["items"]) and all(i["text"].rstrip().endswith("?")
                                             for i in s["items"])
        if s["heading"].strip():
            out.append({"level": 1, "text": shown(s["heading"]), "units": [s["id"]]})
        elif out:
            out[-1]["units"].append(s["id"])
        n_before = 0
        for b in s["blocks"]:
            if b["type"] == "item":
                item = next(i for i in s["items"] if i["id"] == b["id"])
                if questions:
                    out.append({"level": 2, "text": shown(item["text"]), "units": [b["id"]]})
                else:
                    out[-1]["units"].append(b["id"])
                n_before += 1
            elif n_before > 0:  # a paragraph written after an item is a unit of its own
                out[-1]["units"].append("%s.p%d" % (s["id"], b["index"] + 1))
    if outline.get("updated") is not None and out:
        out[-1]["units"].append("updated")
    return out


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        print(json.dumps(entries(json.load(f)), ensure_ascii=False, indent=1))
