#!/usr/bin/env python3
"""phone_match.py: checks that a call recording is the exported phone prompts it should be.

Usage: phone_match.py [--min-ncc X] REC.wav PROMPT...

REC.wav is what the caller heard (8 kHz mono 16-bit WAV, as Asterisk's MixMonitor writes
it); each PROMPT is an exported prompt file (.ulaw, .alaw, .sln or .wav), listed in the order
the caller should have heard them.  Each prompt must be found in the recording, decoded to
linear, from its first sample, after the part heard of the prompt before it (a key may cut
any prompt short; a wait adds only silence, or nothing when the PBX sends no frames).
Where a prompt starts is found from its speech onset and refined to the sample; how much of
it was heard is where the recording stops following it (20 ms frames: both silent, or a
normalised cross-correlation of at least 0.9).  The prompt passes when at least 40 ms of its
speech was heard and the normalised cross-correlation over that part is at least --min-ncc
(0.95 by default); the first that fails ends the comparison, and speech after the last
prompt fails too.  Prints one "ok - " or "FAIL - " line per prompt; exit 0 when all pass,
1 when one fails, 2 when a file cannot be read (one line naming it) or on a bad command line.
"""
import array
import math
import operator
import os
import sys
import wave

RATE = 8000
FRAME = 160            # 20 ms: the frame of the heard-part check
BLOCK = 40             # 5 ms: the block of the onset search
SILENT = 100.0         # RMS at or under this (-50 dBFS) is silence
ONSET = 330.0          # a block over this (-40 dBFS) is speech


def g711(data, alaw):
    """Linear samples of G.711 bytes (ITU-T G.711 expansion)."""
    out = array.array("h")
    for b in data:
        if alaw:
            b ^= 0x55
            seg = (b >> 4) & 7
            mag = ((b & 15) << 4) + 8
            if seg:
                mag = (mag + 256) << (seg - 1)
            out.append(mag if b & 0x80 else -mag)
        else:
            b = ~b & 0xFF
            mag = ((((b & 15) << 3) + 0x84) << ((b >> 4) & 7)) - 0x84
            out.append(-mag if b & 0x80 else mag)
    return out


def load(path):
    """The linear 8 kHz samples of a recording or prompt file; exits 2 when unreadable."""
    ext = os.path.splitext(path)[1]
    try:
        if ext == ".wav":
            with wave.open(path) as w:
                if (w.getframerate(), w.getnchannels(), w.getsampwidth()) != (RATE, 1, 2):
                    print("%s: not 8 kHz mono 16-bit" % path, file=sys.stderr)
                    sys.exit(2)
                a = array.array("h", w.readframes(w.getnframes()))
        else:
            with open(path, "rb") as f:
                data = f.read()
            if ext in (".ulaw", ".alaw"):
                a = g711(data, ext == ".alaw")
            elif ext == ".sln":
                a = array.array("h", data[:len(data) // 2 * 2])
            else:
                print("%s: not a .ulaw, .alaw, .sln or .wav file" % path, file=sys.stderr)
                sys.exit(2)
    except OSError as e:
        print("%s: %s" % (path, e.strerror), file=sys.stderr)
        sys.exit(2)
    except (wave.Error, EOFError) as e:
        print("%s: %s" % (path, e), file=sys.stderr)
        sys.exit(2)
    if sys.byteorder == "big":
        a.byteswap()
    return a


def dot(x, y):
    return sum(map(operator.mul, x, y))


def ncc(x, y):
    e = math.sqrt(dot(x, x) * dot(y, y))
    return dot(x, y) / e if e else 0.0


def rms(x):
    return math.sqrt(dot(x, x) / len(x)) if len(x) else 0.0


def heard(rec, at, p):
    """How many samples of prompt p the recording follows from index at (whole frames)."""
    n = 0
    while n + FRAME <= len(p) and at + n + FRAME <= len(rec):
        r, q = rec[at + n:at + n + FRAME], p[n:n + FRAME]
        rs, qs = rms(r) <= SILENT, rms(q) <= SILENT
        if not ((rs and qs) or (not rs and not qs and ncc(r, q) >= 0.9)):
            break
        n += FRAME
    return n


def onsets(x, start, end, limit=1):
    """The first limit sample indices in [start, end) where speech begins after silence."""
    out, quiet = [], True
    for i in range(max(start, 0), min(end, len(x)) - BLOCK + 1, BLOCK):
        if len(out) == limit:
            break
        r = rms(x[i:i + BLOCK])
        if r > ONSET:
            if quiet:
                out.append(i)
            quiet = False
        elif r <= SILENT:
            quiet = True
    return out


def locate(rec, p, start):
    """(index, samples heard, NCC of its first 100 ms of speech) of prompt p's best match
    at or after start, or None."""
    po = onsets(p, 0, len(p))
    if not po:
        return None
    lead = po[0]
    best = None
    # The candidates: the first speech onsets after start (nothing but silence may come
    # between two prompts), until one is followed well.
    for ro in onsets(rec, start, len(rec), 3):
        seg = p[lead:lead + 800]
        lo = max(ro - lead - 2 * BLOCK, 0)
        hi = ro - lead + 2 * BLOCK
        lag, score = None, -2.0
        for k in range(lo, hi + 1):
            s = ncc(rec[k + lead:k + lead + len(seg)], seg)
            if s > score:
                lag, score = k, s
        if lag is None:
            continue
        n = heard(rec, lag, p)
        if best is None or n > best[1]:
            best = (lag, n, score)
        if n - lead >= 2 * FRAME:
            break
    return best


def main(argv):
    min_ncc = 0.95
    if len(argv) > 1 and argv[0] == "--min-ncc":
        min_ncc = float(argv[1])
        argv = argv[2:]
    if len(argv) < 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    rec = load(argv[0])
    at = 0
    for path in argv[1:]:
        p = load(path)
        name = os.path.basename(path)
        found = locate(rec, p, at)
        po = onsets(p, 0, len(p))
        if not found or not po:
            print("FAIL - %s: not found after %.2f s of the recording" % (name, at / RATE))
            return 1
        lag, n, first = found
        speech = n - po[0]
        # The NCC over the part heard; when too little was heard, over the first 100 ms of
        # speech where the prompt would begin (what a wrong prompt scores).
        score = ncc(rec[lag:lag + n], p[:n]) if speech >= 320 else first
        ok = speech >= 320 and score >= min_ncc
        print("%s - %s at %.2f s of the recording: %.2f s of it heard, NCC %.4f"
              % ("ok" if ok else "FAIL", name, lag / RATE, n / RATE, score))
        if not ok:
            return 1
        at = lag + n
    more = onsets(rec, at, len(rec))
    if more:
        print("FAIL - speech at %.2f s of the recording, after the last prompt" % (more[0] / RATE))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
