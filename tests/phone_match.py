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
normalised cross-correlation of at least 0.9).  A recording made under load can lose
frames: once 100 ms of a prompt's speech were followed, the prompt is picked up again after
such a gap (up to 0.6 s of it lost, its first words too; not where the next prompt begins),
and the gap is printed.
Speech in the recording that no prompt explains fails.  The prompt passes when at least 40 ms of its
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


def g711_value(b, alaw):
    """The linear value of one G.711 byte (ITU-T G.711 expansion)."""
    if alaw:
        b ^= 0x55
        seg = (b >> 4) & 7
        mag = ((b & 15) << 4) + 8
        if seg:
            mag = (mag + 256) << (seg - 1)
        return mag if b & 0x80 else -mag
    b = ~b & 0xFF
    mag = ((((b & 15) << 3) + 0x84) << ((b >> 4) & 7)) - 0x84
    return -mag if b & 0x80 else mag


G711 = {alaw: [g711_value(b, alaw) for b in range(256)] for alaw in (False, True)}


def g711(data, alaw):
    """Linear samples of G.711 bytes."""
    return array.array("h", map(G711[alaw].__getitem__, data))


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


def run(rec, r, p, n):
    """How many samples (whole 20 ms frames) the recording from index r follows prompt p
    from index n: frames both silent, or both speech with an NCC of at least 0.9."""
    k = 0
    while n + k + FRAME <= len(p) and r + k + FRAME <= len(rec):
        x, q = rec[r + k:r + k + FRAME], p[n + k:n + k + FRAME]
        xs, qs = rms(x) <= SILENT, rms(q) <= SILENT
        if not ((xs and qs) or (not xs and not qs and ncc(x, q) >= 0.9)):
            break
        k += FRAME
    return k


def envelope(x, start, count):
    return [rms(x[i:i + BLOCK]) for i in range(start, start + count * BLOCK, BLOCK)]


# Asterisk's audiohook, which MixMonitor records through, drops what it has queued when
# the recording thread falls behind (main/audiohook.c: more than 100 ms out of sync, or
# 500 ms queued); a recording made under load can so lose up to about half a second of a
# prompt at a time.
LOSS = 5 * RATE // 8


def pick_up(rec, r, p, lo, hi):
    """The index in [lo, hi) of prompt p from which the recording at r follows it for at
    least 100 ms (after frames were lost), or None."""
    w = rec[r:r + 800]
    if len(w) < 800 or lo >= len(p):
        return None
    we = envelope(rec, r, 20)
    pe = envelope(p, lo, (hi - lo + 800) // BLOCK)
    cands = sorted(((ncc(we, pe[i:i + 20]), i) for i in range(len(pe) - 19)), reverse=True)
    for score, i in cands[:3]:
        if score < 0.8:
            break
        m = max(range(max(lo + i * BLOCK - BLOCK, 0), lo + i * BLOCK + BLOCK + 1),
                key=lambda j: ncc(w, p[j:j + 800]))
        if ncc(w, p[m:m + 800]) >= 0.9 and run(rec, r, p, m) >= 5 * FRAME:
            return m
    return None


def resync(rec, r, p, n):
    """Where the recording picks prompt p up again after it stopped following it at (r, n)
    because frames were lost (what was left may be a pause of p: up to 1 s of silence is
    passed over).  Returns (r, n), or None: p was not heard any further."""
    r2 = r + FRAME    # the frame where they parted may hold both sides of the gap
    while r2 < r + RATE and r2 + BLOCK <= len(rec) and rms(rec[r2:r2 + BLOCK]) <= SILENT:
        r2 += BLOCK
    m = pick_up(rec, r2, p, max(n - 4 * BLOCK, 0), n + LOSS + (r2 - r))
    return None if m is None else (r2, m)


def follow(rec, r, p, n, lead):
    """The parts of prompt p that the recording follows from (r, n) on, as (recording index,
    prompt index, samples) triples; empty when it does not follow it there.  Only a prompt
    followed for 100 ms of speech from its onset (index lead) is looked for after a gap."""
    segs = []
    while True:
        k = run(rec, r, p, n)
        if k == 0 and not segs:
            return segs
        if k:
            segs.append((r, n, k))
        r, n = r + k, n + k
        nxt = None
        if n + FRAME <= len(p) and segs[0][1] + segs[0][2] >= lead + 800:
            nxt = resync(rec, r, p, n)
        if nxt is None:
            return segs
        r, n = nxt


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
    """(index, parts followed (see follow), NCC of its first 100 ms of speech) of prompt p's
    best match at or after start, or None."""
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
        # From 40 ms before its speech onset: the silence before it may be lost.
        n0 = max(lead - 2 * FRAME, 0)
        segs = follow(rec, lag + n0, p, n0, lead)
        if speech(segs, lead) < 2 * FRAME:
            # Its first words may be lost: the recording's speech from ro may be its own
            # from up to LOSS later.
            m = pick_up(rec, ro, p, lead, lead + LOSS)
            if m is not None:
                lag, segs = ro - m, follow(rec, ro, p, m, lead)
        # Nothing spoken may be passed over between the prompt before and this one (but
        # for the last part-frame of the one before).
        if segs and sum(rms(rec[i:i + BLOCK]) > ONSET
                        for i in range(start, segs[0][0] - BLOCK + 1, BLOCK)) > 4:
            continue
        if best is None or speech(segs, lead) > speech(best[1], lead):
            best = (lag, segs, score)
        if speech(segs, lead) >= 2 * FRAME:
            break
    return best


def speech(segs, lead):
    """How many samples of speech, from the onset at lead on, the parts followed hold."""
    return sum(k for _, _, k in segs) - max(lead - segs[0][1], 0) if segs else 0


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
    cache = {}
    def prompt(path):
        if path not in cache:
            cache[path] = load(path)
        return cache[path]
    paths = argv[1:]
    for i, path in enumerate(paths):
        p = prompt(path)
        name = os.path.basename(path)
        found = locate(rec, p, at)
        po = onsets(p, 0, len(p))
        if not found or not po:
            print("FAIL - %s: not found after %.2f s of the recording" % (name, at / RATE))
            return 1
        lag, segs, first = found
        # A gap is no gap where the next prompt begins: the same words may be in both.
        if i + 1 < len(paths) and len(segs) > 1:
            q = prompt(paths[i + 1])
            qo = onsets(q, 0, len(q))
            for j in range(1, len(segs)):
                f = locate(rec, q, segs[j - 1][0] + segs[j - 1][2]) if qo else None
                if f and speech(f[1], qo[0]) >= 2 * FRAME and f[1][0][0] <= segs[j][0] + 2 * FRAME:
                    segs = segs[:j]
                    break
        said = speech(segs, po[0])
        n = said + po[0]
        # The NCC over the parts heard; when too little was heard, over the first 100 ms of
        # speech where the prompt would begin (what a wrong prompt scores).
        x, q = array.array("h"), array.array("h")
        for r, m, k in segs:
            x += rec[r:r + k]
            q += p[m:m + k]
        score = ncc(x, q) if said >= 320 else first
        ok = said >= 320 and score >= min_ncc
        gaps = ["%.2f s at %.2f s" % ((m - pm - pk) / RATE, r / RATE)
                for (_, pm, pk), (r, m, _) in zip(segs, segs[1:])]
        if segs and segs[0][1] > po[0]:
            gaps.insert(0, "its first %.2f s" % ((segs[0][1] - po[0]) / RATE))
        print("%s - %s at %.2f s of the recording: %.2f s of it heard, NCC %.4f%s"
              % ("ok" if ok else "FAIL", name, lag / RATE, n / RATE, score,
                 "; the recording lost " + ", ".join(gaps) if gaps else ""))
        if not ok:
            return 1
        at = segs[-1][0] + segs[-1][2]
    more = onsets(rec, at, len(rec) - FRAME)    # a last part-frame is not followed
    if more:
        print("FAIL - speech at %.2f s of the recording, after the last prompt" % (more[0] / RATE))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
