#!/usr/bin/env python3
"""epub_check: what epubcheck 4.2.6 leaves out of an EPUB 3 with Media Overlays: the OCF
basics (mimetype first and stored), each overlay's media:duration is the sum of its clips
and the total is the sum of the overlays, every clip ends within its audio, every sentence
of the text has exactly one clip, the overlays play the text in its order, the navigation
document lists the headings in order at their levels, the EPUB Accessibility metadata;
with --source, that the text is the leaflet's own words in the leaflet's order.
Usage: epub_check.py BOOK.epub [--source LEAFLET.txt]
Prints one line per problem; exits 1 when there is any, else 0."""
import os
import posixpath
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mp3len import mp3_data_seconds  # noqa: E402
from leaftext import leaflet_words, in_order  # noqa: E402

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
X = "{http://www.w3.org/1999/xhtml}"
S = "{http://www.w3.org/ns/SMIL}"
EP = "{http://www.idpf.org/2007/ops}"
problems = []


def bad(where, what):
    problems.append("%s: %s" % (where, what))


def clock(v):
    """Seconds of a SMIL clock value: h:mm:ss.fff, mm:ss.fff, or 12.3s."""
    v = (v or "").strip()
    m = re.fullmatch(r"(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)", v)
    if m:
        return int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(s|ms)?", v)
    if m:
        return float(m.group(1)) / (1000 if m.group(2) == "ms" else 1)
    return None


def main():
    args = sys.argv[1:]
    source = None
    if "--source" in args:
        k = args.index("--source")
        source = args[k + 1]
        del args[k:k + 2]
    path = args[0]
    z = zipfile.ZipFile(path)
    infos = z.infolist()
    if not infos or infos[0].filename != "mimetype" or \
            infos[0].compress_type != zipfile.ZIP_STORED or \
            z.read("mimetype") != b"application/epub+zip":
        bad(path, "mimetype is not the first entry, stored, holding application/epub+zip")
    names = set(z.namelist())
    cont = ET.fromstring(z.read("META-INF/container.xml"))
    opf_path = cont.find(".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile") \
        .get("full-path")
    base = posixpath.dirname(opf_path)
    opf = ET.fromstring(z.read(opf_path))
    md = opf.find(OPF + "metadata")

    def res(href, rel=base):
        return posixpath.normpath(posixpath.join(rel, href))

    for n in ["title", "language", "identifier", "date"]:
        if md.find(DC + n) is None or not (md.find(DC + n).text or "").strip():
            bad("package", "no dc:%s" % n)
    props = {}
    for m in md.findall(OPF + "meta"):
        if m.get("property"):
            props.setdefault((m.get("property"), m.get("refines")), []).append(m.text or "")
    for p, want in [("schema:accessMode", None), ("schema:accessModeSufficient", None),
                    ("schema:accessibilityFeature", "synchronizedAudioText"),
                    ("schema:accessibilityFeature", "structuralNavigation"),
                    ("schema:accessibilityFeature", "tableOfContents"),
                    ("schema:accessibilityHazard", None), ("schema:accessibilitySummary", None)]:
        got = props.get((p, None), [])
        if not got or (want and want not in got):
            bad("package", "accessibility metadata %s%s is missing"
                % (p, " " + want if want else ""))
    items = {i.get("id"): i for i in opf.find(OPF + "manifest")}
    spine = [items[r.get("idref")] for r in opf.find(OPF + "spine")]
    total = 0.0
    audio_len = {}
    doc_ids = []     # (doc, id) of every sentence span, in spine order
    played = []      # (doc, id) in overlay order
    headings = []    # (level, doc, first span id, text) in spine order
    for it in spine:
        doc = res(it.get("href"))
        root = ET.fromstring(z.read(doc))
        for el in root.iter():
            if el.get(EP + "type") == "chapter" and el.get("role") != "doc-chapter":
                bad(doc, "epub:type chapter without role doc-chapter")
            m = re.fullmatch(re.escape(X) + r"h([1-6])", el.tag)
            if m:
                span = el.find(X + "span")
                headings.append((int(m.group(1)), doc, span.get("id") if span is not None
                                 else el.get("id"), " ".join("".join(el.itertext()).split())))
        spans = [(doc, s.get("id")) for s in root.iter(X + "span") if s.get("id")]
        doc_ids += spans
        mo = it.get("media-overlay")
        if not mo:
            if spans:
                bad(doc, "has sentences but no media overlay")
            continue
        smil_path = res(items[mo].get("href"))
        smil = ET.fromstring(z.read(smil_path))
        clips = 0.0
        for par in smil.iter(S + "par"):
            t, a = par.find(S + "text"), par.find(S + "audio")
            src = res(t.get("src"), posixpath.dirname(smil_path))
            d, _, frag = src.partition("#")
            played.append((d, frag))
            b, e = clock(a.get("clipBegin")), clock(a.get("clipEnd"))
            if b is None or e is None or e <= b:
                bad(smil_path, "par %s: clip %r..%r has no length" %
                    (par.get("id"), a.get("clipBegin"), a.get("clipEnd")))
                continue
            clips += e - b
            apath = res(a.get("src"), posixpath.dirname(smil_path))
            if apath not in names:
                bad(smil_path, "audio %s is not in the book" % apath)
                continue
            if apath not in audio_len:
                try:
                    audio_len[apath] = mp3_data_seconds(z.read(apath), apath)[0]
                except ValueError as ex:
                    bad(apath, str(ex))
                    audio_len[apath] = 0
            if e > audio_len[apath] + 0.0005:
                bad(smil_path, "par %s ends at %.3f s, after the end of %s (%.3f s)" %
                    (par.get("id"), e, apath, audio_len[apath]))
        dur = props.get(("media:duration", "#" + mo), [])
        if len(dur) != 1 or clock(dur[0]) is None or abs(clock(dur[0]) - clips) > 0.002:
            bad("package", "media:duration of %s is %r, its clips last %.3f s" % (mo, dur, clips))
        total += clips
    tot = props.get(("media:duration", None), [])
    if len(tot) != 1 or clock(tot[0]) is None or abs(clock(tot[0]) - total) > 0.002 * len(spine):
        bad("package", "total media:duration %r is not the sum of the overlays (%.3f s)" %
            (tot, total))
    missing = [i for i in doc_ids if i not in set(played)]
    if missing:
        bad(path, "sentences without a clip: %s" % ", ".join("%s#%s" % m for m in missing[:5]))
    unknown = [p for p in played if p not in set(doc_ids)]
    if unknown:
        bad(path, "clips of no sentence: %s" % ", ".join("%s#%s" % m for m in unknown[:5]))
    if len(played) != len(set(played)):
        bad(path, "a sentence has more than one clip")
    if [p for p in played if p in set(doc_ids)] != [d for d in doc_ids if d in set(played)]:
        bad(path, "the overlays play the sentences in another order than the text")
    # The navigation document: the headings, in order, nested by level.
    nav_item = [i for i in items.values() if "nav" in (i.get("properties") or "").split()]
    if len(nav_item) != 1:
        bad("package", "not one navigation document")
    else:
        nav_path = res(nav_item[0].get("href"))
        nav = ET.fromstring(z.read(nav_path))
        toc = [n for n in nav.iter(X + "nav") if n.get(EP + "type") == "toc"]
        entries = []

        def walk(ol, depth):
            for li in ol.findall(X + "li"):
                a = li.find(X + "a")
                target = res(a.get("href"), posixpath.dirname(nav_path))
                entries.append((depth, target, " ".join("".join(a.itertext()).split())))
                sub = li.find(X + "ol")
                if sub is not None:
                    walk(sub, depth + 1)
        if toc:
            walk(toc[0].find(X + "ol"), 1)
        want = [(lv, "%s#%s" % (d, i)) for lv, d, i, _ in headings]
        if [(d, t) for d, t, _ in entries] != want:
            bad(nav_path, "the table of contents is not the headings in order at their levels")
    if source:
        texts = []
        for it in spine:
            root = ET.fromstring(z.read(res(it.get("href"))))
            texts += ["".join(s.itertext()) for s in root.iter(X + "span") if s.get("id")]
        for p in in_order(texts, leaflet_words(source)):
            bad(path, p)


main()
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
