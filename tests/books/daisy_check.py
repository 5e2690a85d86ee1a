#!/usr/bin/env python3
"""daisy_check: checks a DAISY 2.02 book folder against the MUSTs of the DAISY 2.02
Specification that no tool in Debian checks (NCC metadata and structure, SMIL 1.0 files,
clip times within the audio, references, unique names), and, with --source, that its text
is the leaflet's own words in the leaflet's order with every sentence given a clip.
Usage: daisy_check.py BOOK_DIR [--source LEAFLET.txt]
Prints one line per problem; exits 1 when there is any, else 0."""
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mp3len import mp3_seconds  # noqa: E402
from leaftext import leaflet_words, in_order  # noqa: E402

X = "{http://www.w3.org/1999/xhtml}"
problems = []


def bad(where, what):
    problems.append("%s: %s" % (where, what))


def parse(path):
    try:
        return ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        bad(path, "not well-formed XML: %s" % e)
        return None


def npt(v):
    m = re.fullmatch(r"npt=(\d+(?:\.\d+)?)s", v or "")
    return float(m.group(1)) if m else None


def ids_unique(root, where):
    seen = set()
    for el in root.iter():
        i = el.get("id")
        if i is None:
            continue
        if i in seen:
            bad(where, "id %r used twice" % i)
        seen.add(i)
    return seen


def main():
    args = sys.argv[1:]
    source = None
    if "--source" in args:
        k = args.index("--source")
        source = args[k + 1]
        del args[k:k + 2]
    book = args[0]
    files = sorted(f for f in os.listdir(book) if not f.startswith("."))
    lower = [f.lower() for f in files]
    for f in set(lower):
        if lower.count(f) > 1:
            bad(book, "two files named %s (names must be unique)" % f)
    ncc_path = os.path.join(book, "ncc.html")
    if "ncc.html" not in files:
        bad(book, "no ncc.html at the root")
        return
    ncc = parse(ncc_path)
    if ncc is None:
        return
    raw = open(ncc_path, encoding="utf-8").read()
    if not raw.startswith('<?xml version="1.0" encoding="utf-8"?>') or \
            "-//W3C//DTD XHTML 1.0" not in raw:
        bad("ncc.html", "not an XHTML 1.0 document declared as utf-8")
    ids_unique(ncc, "ncc.html")
    head, body = ncc.find(X + "head"), ncc.find(X + "body")
    metas = {}
    for m in head.iter(X + "meta"):
        if m.get("http-equiv", "").lower() == "content-type":
            if "charset=utf-8" not in m.get("content", "").replace(" ", "").lower():
                bad("ncc.html", "the Content-type meta does not say utf-8")
            metas.setdefault("http-equiv", []).append(m.get("content"))
            continue
        metas.setdefault(m.get("name"), []).append(m.get("content"))
    if "http-equiv" not in metas:
        bad("ncc.html", "no Content-type meta")
    once = ["dc:format", "dc:identifier", "dc:title", "dc:date", "dc:publisher",
            "ncc:charset", "ncc:pageFront", "ncc:pageNormal", "ncc:pageSpecial",
            "ncc:tocItems", "ncc:totalTime"]
    for n in once:
        if len(metas.get(n, [])) != 1:
            bad("ncc.html", "meta %s appears %d times, must appear once" %
                (n, len(metas.get(n, []))))
    for n in ["dc:creator", "dc:language"]:
        if not metas.get(n):
            bad("ncc.html", "no meta %s" % n)
    for n in ["ncc:depth", "ncc:files", "ncc:kByteSize", "ncc:multimediaType",
              "ncc:generator", "ncc:setInfo"]:
        if len(metas.get(n, [])) > 1:
            bad("ncc.html", "meta %s appears more than once" % n)
    meta = {k: v[0] for k, v in metas.items() if v}
    if meta.get("dc:format") != "Daisy 2.02":
        bad("ncc.html", "dc:format is %r, not 'Daisy 2.02'" % meta.get("dc:format"))
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta.get("dc:date", "")):
        bad("ncc.html", "dc:date %r is not yyyy-mm-dd" % meta.get("dc:date"))
    if meta.get("ncc:charset", "").lower() != "utf-8":
        bad("ncc.html", "ncc:charset is not utf-8")
    for n in ["ncc:pageFront", "ncc:pageNormal", "ncc:pageSpecial"]:
        if meta.get(n) != "0":
            bad("ncc.html", "%s is %r; the book has no pages" % (n, meta.get(n)))
    # The body: h1 class="title" first, then h1..h6 without skipped levels.
    heads = list(body)
    if not heads or heads[0].tag != X + "h1" or heads[0].get("class") != "title":
        bad("ncc.html", "the body does not start with <h1 class=\"title\">")
    level = 0
    max_level = 0
    smil_order = []
    for h in heads:
        m = re.fullmatch(re.escape(X) + r"h([1-6])", h.tag)
        if not m:
            bad("ncc.html", "unexpected element %s in the body" % h.tag)
            continue
        lv = int(m.group(1))
        if lv > level + 1:
            bad("ncc.html", "h%d after h%d skips a level" % (lv, level))
        level = lv
        max_level = max(max_level, lv)
        if not h.get("id"):
            bad("ncc.html", "a heading without an id")
        links = h.findall(X + "a")
        if len(links) != 1 or "#" not in (links[0].get("href") or ""):
            bad("ncc.html", "heading %s has not one <a href=\"x.smil#id\">" % h.get("id"))
            continue
        smil_order.append((links[0].get("href"), "".join(h.itertext()).strip()))
    if meta.get("ncc:tocItems") != str(len(heads)):
        bad("ncc.html", "ncc:tocItems is %s, the NCC has %d items" %
            (meta.get("ncc:tocItems"), len(heads)))
    if "ncc:depth" in meta and meta["ncc:depth"] != str(max_level):
        bad("ncc.html", "ncc:depth is %s, the deepest heading is h%d" %
            (meta["ncc:depth"], max_level))
    if "ncc:files" in meta and meta["ncc:files"] != str(len(files)):
        bad("ncc.html", "ncc:files is %s, the book has %d files" %
            (meta["ncc:files"], len(files)))
    if "ncc:kByteSize" in meta:
        total = sum(os.path.getsize(os.path.join(book, f)) for f in files) / 1024
        if abs(float(meta["ncc:kByteSize"]) - total) > max(4, total * 0.01):
            bad("ncc.html", "ncc:kByteSize is %s, the files hold %.0f kB" %
                (meta["ncc:kByteSize"], total))
    has_text = False
    # The SMIL files, in NCC order.
    referenced = {"ncc.html"}
    total_clips = 0.0
    text_refs = []  # (content file, id) in playing order
    audio_len = {}
    seen_smil = []
    for href, label in smil_order:
        name, frag = href.split("#", 1)
        if name in seen_smil:
            continue
        seen_smil.append(name)
        referenced.add(name)
        path = os.path.join(book, name)
        if name not in files:
            bad("ncc.html", "links to %s, which is not in the book" % name)
            continue
        smil = parse(path)
        if smil is None:
            continue
        sids = ids_unique(smil, name)
        texts = {t.get("id"): t for t in smil.iter("text")}
        if frag not in texts:
            bad("ncc.html", "%s: links to #%s, which is not a <text> id of %s"
                % (label, frag, name))
        fmt = [m.get("content") for m in smil.iter("meta") if m.get("name") == "dc:format"]
        if fmt != ["Daisy 2.02"]:
            bad(name, "dc:format is %r, not 'Daisy 2.02' once" % fmt)
        if [r.get("id") for r in smil.iter("region")] != ["txtView"] or \
                smil.find("head/layout/region") is None:
            bad(name, "no <layout><region id=\"txtView\"/></layout>")
        seqs = smil.findall("body/seq")
        if len(seqs) != 1:
            bad(name, "has %d <seq> in its body, not one" % len(seqs))
            continue
        seq = seqs[0]
        m = re.fullmatch(r"(\d+(?:\.\d+)?)s", seq.get("dur", ""))
        clips = 0.0
        for par in seq:
            if par.tag != "par" or par.get("endsync") != "last":
                bad(name, "a <%s> in the seq that is not <par endsync=\"last\">" % par.tag)
                continue
            t, a = par.findall("text"), par.findall("audio")
            if len(t) != 1 or len(a) != 1:
                bad(name, "par %s has %d text and %d audio" % (par.get("id"), len(t), len(a)))
                continue
            t, a = t[0], a[0]
            if not t.get("id") or not a.get("id"):
                bad(name, "par %s: a text or audio without an id" % par.get("id"))
            src = t.get("src", "")
            if "#" not in src:
                bad(name, "text %s has no #id in its src" % t.get("id"))
            else:
                text_refs.append(tuple(src.split("#", 1)))
                has_text = True
            b, e = npt(a.get("clip-begin")), npt(a.get("clip-end"))
            if b is None or e is None or e <= b:
                bad(name, "audio %s: clip %r..%r is not npt=Xs with end > begin"
                    % (a.get("id"), a.get("clip-begin"), a.get("clip-end")))
                continue
            clips += e - b
            asrc = a.get("src")
            referenced.add(asrc)
            if asrc not in files:
                bad(name, "audio %s is not in the book" % asrc)
                continue
            if asrc not in audio_len:
                try:
                    audio_len[asrc] = mp3_seconds(os.path.join(book, asrc))[0]
                except ValueError as ex:
                    bad(asrc, str(ex))
                    audio_len[asrc] = 0
            if e > audio_len[asrc] + 0.0005:
                bad(name, "audio %s ends at %.3f s, after the end of %s (%.3f s)"
                    % (a.get("id"), e, asrc, audio_len[asrc]))
        if not m or abs(float(m.group(1)) - clips) > 0.0005 * max(1, len(seq)):
            bad(name, "seq dur %r is not the sum of its clips (%.3f s)" % (seq.get("dur"), clips))
        total_clips += clips
    for f in files:
        if f.endswith(".smil") and f not in seen_smil:
            bad(book, "%s is not linked from the NCC (it would never be played)" % f)
    tt = re.fullmatch(r"(\d+):(\d\d):(\d\d)", meta.get("ncc:totalTime", ""))
    if not tt:
        bad("ncc.html", "ncc:totalTime %r is not h:mm:ss" % meta.get("ncc:totalTime"))
    elif abs(int(tt.group(1)) * 3600 + int(tt.group(2)) * 60 + int(tt.group(3)) -
             total_clips) > 0.5:
        bad("ncc.html", "ncc:totalTime %s is not the sum of the clips (%.3f s)"
            % (meta["ncc:totalTime"], total_clips))
    if has_text and meta.get("ncc:multimediaType") not in (None, "audioFullText"):
        bad("ncc.html", "ncc:multimediaType %r for a book with full text"
            % meta.get("ncc:multimediaType"))
    # The text: every id the SMIL files point at exists, every sentence is pointed at
    # once, in the document's order.
    docs = {}
    for doc, _ in text_refs:
        referenced.add(doc)
        if doc not in docs:
            root = parse(os.path.join(book, doc)) if doc in files else None
            if doc not in files:
                bad(book, "text document %s is not in the book" % doc)
            docs[doc] = root
    for doc, root in docs.items():
        if root is None:
            continue
        ids_unique(root, doc)
        order = [el.get("id") for el in root.iter() if el.get("id")]
        refs = [i for d, i in text_refs if d == doc]
        for i in refs:
            if i not in order:
                bad(doc, "no element #%s (a SMIL text points at it)" % i)
        if refs != [i for i in order if i in set(refs)]:
            bad(doc, "the SMIL files play the sentences in another order than the text")
        spans = [el.get("id") for el in root.iter(X + "span") if el.get("id")]
        missing = [s for s in spans if s not in set(refs)]
        if missing:
            bad(doc, "sentences without a clip: %s" % ", ".join(missing[:5]))
        if len(refs) != len(set(refs)):
            bad(doc, "a sentence has more than one clip")
        if source:
            texts = ["".join(el.itertext()) for el in root.iter(X + "span") if el.get("id")]
            for p in in_order(texts, leaflet_words(source)):
                bad(doc, p)
    for f in files:
        if f not in referenced:
            bad(book, "%s is in the book but nothing refers to it" % f)


main()
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
