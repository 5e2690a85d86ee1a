#!/usr/bin/env python3
"""Check audioleaf cache WAV files without audioleaf's own code: RIFF chunk sizes add up
to the file size, the data chunk holds exactly the frame count recorded in the LIST/INFO
comment, the format is 16-bit mono PCM, the key the comment records is the file's own
name (KEY.wav), and the sentence marks lie inside the audio and increase.  Prints one line per bad file; exits 1 if any is bad.
Usage: check_cache_wav.py FILE.wav..."""
import re
import struct
import sys


def check(path):
    data = open(path, "rb").read()
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return "not a RIFF/WAVE file"
    if struct.unpack("<I", data[4:8])[0] + 8 != len(data):
        return "RIFF size %d does not match the file size %d" % (
            struct.unpack("<I", data[4:8])[0] + 8, len(data))
    pos, fmt, frames, comment = 12, None, None, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + size]
        if len(body) != size:
            return "chunk %r runs past the end of the file" % cid
        if cid == b"fmt ":
            fmt = struct.unpack("<HHIIHH", body[:16])
        elif cid == b"data":
            frames = size // 2
        elif cid == b"LIST" and body[:4] == b"INFO":
            p = 4
            while p + 8 <= len(body):
                sid, ssz = body[p:p + 4], struct.unpack("<I", body[p + 4:p + 8])[0]
                if sid == b"ICMT":
                    comment = body[p + 8:p + 8 + ssz].rstrip(b"\0").decode()
                p += 8 + ssz + (ssz & 1)
        pos += 8 + size + (size & 1)
    if fmt is None or fmt[0] != 1 or fmt[1] != 1 or fmt[5] != 16:
        return "not 16-bit mono PCM: %r" % (fmt,)
    if frames is None:
        return "no data chunk"
    if comment is None:
        return "no audioleaf comment"
    m = re.match(r"audioleaf-wav 3 frames=(\d+) rate=(\d+) sum=[0-9a-f]{16} "
                 r"key=([0-9a-f]{64}) marks=(.*)$", comment)
    if not m:
        return "comment not understood: %r" % comment
    if int(m.group(1)) != frames:
        return "data holds %d frames, comment says %s" % (frames, m.group(1))
    if int(m.group(2)) != fmt[2]:
        return "rate %d, comment says %s" % (fmt[2], m.group(2))
    name = path.rsplit("/", 1)[-1]
    if name != m.group(3) + ".wav":
        return "the comment records key %s, not the file's name" % m.group(3)
    marks = [tuple(map(int, x.split(":"))) for x in m.group(4).split(",") if x]
    if not marks or marks[0] != (0, 0):
        return "first mark is not at 0: %r" % marks[:1]
    for a, b in zip(marks, marks[1:]):
        if not (b[0] > a[0] and b[1] > a[1]):
            return "marks do not increase: %r then %r" % (a, b)
    if marks[-1][0] > frames:
        return "mark %d past the end %d" % (marks[-1][0], frames)
    return None


bad = 0
for path in sys.argv[1:]:
    err = check(path)
    if err:
        print("%s: %s" % (path, err))
        bad += 1
sys.exit(1 if bad else 0)
