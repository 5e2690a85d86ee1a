"""leaftext: a leaflet's own words as a reader sees them, made here from the leaflet file
alone (front matter dropped but for its title, "[a/ b]" template alternatives read as
"a", blanks joined), and the check that a book's sentences are those words, in the
leaflet's order."""
import re


def leaflet_words(path):
    text = open(path, encoding="utf-8").read()
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        front = text[4:end] if end >= 0 else ""
        text = text[end + 4:] if end >= 0 else text
        # A title given in the front matter is the first words a reader sees.
        m = re.search(r"^title:\s*(.*?)\s*$", front, flags=re.M)
        if m:
            text = m.group(1) + "\n\n" + text
    text = re.sub(r"\[([^\[\]/]*)/[^\[\]]*\]", r"\1", text)
    text = re.sub(r"^\s*(#+|[-*•]|\d+[.)])\s+", "", text, flags=re.M)
    return " ".join(text.split())


def in_order(sentences, words):
    """Problems: a sentence that is not in WORDS after the one before it, or one that
    holds speech-only text ([[phonemes]])."""
    out = []
    at = 0
    for s in sentences:
        s = " ".join(s.split())
        if "[[" in s or "]]" in s:
            out.append("sentence %r holds speech text" % s[:60])
        if not s:
            out.append("an empty sentence")
            continue
        k = words.find(s, at)
        if k < 0:
            where = words.find(s)
            out.append("sentence %r is not the leaflet's words%s" % (
                s[:60], " in the leaflet's order" if where >= 0 else ""))
            continue
        at = k + len(s)
    return out
