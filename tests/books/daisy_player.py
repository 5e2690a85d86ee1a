#!/usr/bin/env python3
"""daisy_player: opens a DAISY book in the real daisy-player (Debian's 13.0) inside tmux,
checks that it lists every heading the leaflet has, in order, at its level, then plays
chosen items one by one ('j': just this item) with ALSA's default device writing into a
FIFO, and compares each item's captured audio with that item's own units rendered by
audioleaf (the cache WAVs named by `audioleaf render --manifest`, not the book's files):
20 ms loudness envelopes, best lag up to 300 ms, correlation and length.
Usage: daisy_player.py BOOK EXPECT.json MANIFEST.jsonl SHIM.so WORKDIR [ITEM...]
  EXPECT.json: tests/books/expect.py's list; ITEM: index into it (default: the second
  entry, the first question and the last entry).
Prints what it measured; exits 1 when a check fails, 2 when daisy-player misbehaves."""
import json
import math
import os
import shutil
import subprocess
import sys
import threading
import time
import wave
from array import array

RATE = 22050
WIN = RATE // 50  # 20 ms


def envelope(samples):
    out = []
    for k in range(len(samples) // WIN):
        seg = samples[k * WIN:(k + 1) * WIN]
        out.append(math.sqrt(sum(x * x for x in seg) / WIN))
    return out


def corr(a, b):
    n = min(len(a), len(b))
    if n < 5:
        return 0.0
    a, b = a[:n], b[:n]
    ma, mb = sum(a) / n, sum(b) / n
    sab = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    sa = math.sqrt(sum((x - ma) ** 2 for x in a))
    sb = math.sqrt(sum((y - mb) ** 2 for y in b))
    return sab / (sa * sb) if sa and sb else 0.0


def match(captured, expected):
    """How well CAPTURED (envelope) follows EXPECTED: the expected envelope in 1 s pieces,
    each found in the capture near where the piece before was found (the player's decoder
    starts each clip some 50 ms late, so the capture drifts behind by up to 300 ms).
    Returns (mean correlation of the pieces that are not silence, final lag in ms)."""
    piece = 50
    lag = 0
    scores = []
    for at in range(0, len(expected) - piece // 2, piece):
        ref = expected[at:at + piece]
        mean = sum(ref) / len(ref)
        if max(ref) - mean < 0.02 * (max(expected) or 1):
            continue
        best = (-1.0, lag)
        for d in range(lag - 3, lag + 16):
            if d < 0 or at + d + len(ref) > len(captured):
                continue
            c = corr(captured[at + d:at + d + len(ref)], ref)
            if c > best[0]:
                best = (c, d)
        scores.append(best[0])
        lag = best[1]
    return (sum(scores) / len(scores) if scores else 0.0), lag * 20


def read_wav(path):
    with wave.open(path, "rb") as w:
        if w.getframerate() != RATE or w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise SystemExit("%s: not 22050 Hz mono 16-bit" % path)
        a = array("h")
        a.frombytes(w.readframes(w.getnframes()))
        return a


class Capture:
    """Everything written into the FIFO, read by one thread that holds it open."""

    def __init__(self, path):
        os.mkfifo(path)
        self.fd = os.open(path, os.O_RDWR)
        self.data = bytearray()
        self.last = time.time()
        self.lock = threading.Lock()
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while True:
            b = os.read(self.fd, 65536)
            if not b:
                return
            with self.lock:
                self.data += b
                self.last = time.time()

    def size(self):
        with self.lock:
            return len(self.data)


class Player:
    def __init__(self, book, shim, work):
        self.sock = "audioleaf-dp-%d" % os.getpid()
        conf = os.path.join(work, "asound.conf")
        fifo = os.path.join(work, "audio.fifo")
        with open(conf, "w") as f:
            f.write('pcm.!default {\n type plug\n slave { pcm "cap"; format S16_LE; rate %d;'
                    ' channels 1 }\n}\npcm.cap {\n type file\n slave.pcm { type null }\n'
                    ' file "%s"\n format "raw"\n}\n' % (RATE, fifo))
        self.cap = Capture(fifo)
        env = "LD_PRELOAD=%s ALSA_CONFIG_PATH=%s" % (shim, conf)
        cmd = "cd %s && env %s daisy-player -i -d default:alsa %s 2>%s/stderr" % (
            work, env, book, work)
        subprocess.run(["tmux", "-L", self.sock, "new-session", "-d", "-s", "dp",
                        "-x", "200", "-y", "120", cmd], check=True)

    def screen(self):
        r = subprocess.run(["tmux", "-L", self.sock, "capture-pane", "-p", "-t", "dp"],
                           capture_output=True, text=True)
        return r.stdout.splitlines()

    def keys(self, *k):
        subprocess.run(["tmux", "-L", self.sock, "send-keys", "-t", "dp"] + list(k),
                       check=True)

    def cursor(self):
        r = subprocess.run(["tmux", "-L", self.sock, "display", "-p", "-t", "dp",
                            "#{cursor_y}"], capture_output=True, text=True)
        return int(r.stdout.strip() or -1)

    def press(self, key):
        """Press KEY; returns the cursor row once it has settled."""
        before = self.cursor()
        self.keys(key)
        for _ in range(10):
            time.sleep(0.1)
            if self.cursor() != before:
                break
        time.sleep(0.1)
        return self.cursor()

    def go(self, row):
        """Move the cursor to ROW with 2 (down) and 8 (up); False when it cannot."""
        for _ in range(200):
            now = self.cursor()
            if now == row:
                return True
            if self.press("2" if now < row else "8") == now:
                return False
        return False

    def close(self):
        try:
            self.keys("q")
            time.sleep(0.5)
        except subprocess.CalledProcessError:
            pass
        subprocess.run(["tmux", "-L", self.sock, "kill-server"], capture_output=True)


def listed(lines):
    """(level, label) of each item row of daisy-player's screen."""
    out = []
    for ln in lines[2:]:
        if not ln.strip():
            continue
        body = ln[1:] if ln[:1] == "J" else ln
        indent = len(body) - len(body.lstrip(" "))
        label = body.strip()
        cut = label.find(" . ")
        if cut >= 0:
            label = label[:cut]
        label = label.rstrip(" .0123456789:")
        out.append(((indent - 2) // 3 + 1, label))
    return out


def main():
    book, expect_path, manifest_path, shim, work = sys.argv[1:6]
    expect = json.load(open(expect_path, encoding="utf-8"))
    wavs = {}
    for line in open(manifest_path, encoding="utf-8"):
        e = json.loads(line)
        wavs[e["id"]] = e["path"]
    if len(sys.argv) > 6:
        items = [int(a) for a in sys.argv[6:]]
    else:
        q = [i for i, e in enumerate(expect) if e["level"] == 2]
        items = [1] + q[:1] + [len(expect) - 1]
    items = sorted(set(i for i in items if 0 <= i < len(expect)))
    home = os.path.expanduser("~")
    leftovers = [p for p in (os.path.join(home, ".daisy-player.xml"),
                             os.path.join(home, ".daisy-player")) if not os.path.exists(p)]
    p = Player(os.path.abspath(book), shim, work)
    failed = 0
    try:
        for _ in range(100):
            lines = p.screen()
            if len(lines) > 1 and "total length" in lines[1]:
                break
            time.sleep(0.2)
        else:
            print("daisy-player did not show the book:\n" + "\n".join(p.screen()))
            return 2
        time.sleep(0.5)
        shown = listed(p.screen())
        want = [(e["level"], e["text"]) for e in expect]
        ok = len(shown) == len(want) and all(
            sl == wl and st and wt.startswith(st) and len(st) >= min(len(wt), 30)
            for (sl, st), (wl, wt) in zip(shown, want))
        print("listed %d items at levels %s: %s" % (
            len(shown), "".join(str(lv) for lv, _ in shown), "ok" if ok else "WRONG"))
        if not ok:
            print("  shown:    %r\n  expected: %r" % (shown, want))
            failed = 1
        # Level 1: moving down (2) visits the level-1 items only.
        top = 2  # the screen row of the first item
        rows = [p.cursor()]
        while len(rows) < len(want) + 2:
            r = p.press("2")
            if r == rows[-1]:
                break
            rows.append(r)
        want_rows = [top + i for i, (lv, _) in enumerate(want) if lv == 1]
        print("level 1: 2 visits rows %s: %s" % (rows, "ok" if rows == want_rows else "WRONG"))
        if rows != want_rows:
            print("  expected rows %s" % want_rows)
            failed = 1
        # Level 2 reaches every item.
        p.keys("l")
        time.sleep(0.5)
        if "level: 2 of 2" not in p.screen()[1] and any(lv == 2 for lv, _ in want):
            print("'l' did not select level 2: %r" % p.screen()[1])
            failed = 1
        for i in items:
            e = expect[i]
            if not e["units"]:
                continue
            if not p.go(top + i):
                print("item %d: the cursor cannot reach row %d" % (i, top + i))
                failed = 1
                continue
            time.sleep(0.5)
            start = p.cap.size()
            p.keys("j")
            t0 = time.time()
            while p.cap.size() == start and time.time() - t0 < 20:
                time.sleep(0.1)
            while time.time() - p.cap.last < 3 and time.time() - t0 < 120:
                time.sleep(0.2)
            with p.cap.lock:
                got = array("h")
                got.frombytes(bytes(p.cap.data[start:len(p.cap.data) & ~1]))
            ref = array("h")
            for u in e["units"]:
                ref.extend(read_wav(wavs[u]))
            c, lag = match(envelope(got), envelope(ref))
            glen, rlen = len(got) / RATE, len(ref) / RATE
            good = c >= 0.9 and abs(glen - rlen) <= 0.05 * rlen + 0.5
            print("item %d %r (%s): played %.2f s, its units last %.2f s, envelope "
                  "correlation %.3f at %d ms: %s" % (i, e["text"][:40], "+".join(e["units"]),
                                                   glen, rlen, c, lag,
                                                   "ok" if good else "WRONG"))
            failed |= not good
    finally:
        p.close()
        for path in leftovers:
            if os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)
            elif os.path.exists(path):
                os.unlink(path)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
