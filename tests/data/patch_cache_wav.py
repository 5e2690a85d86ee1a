#!/usr/bin/env python3
"""Turn an audioleaf cache WAV into an entry that is whole and self-consistent but
unusable, written without audioleaf's own code, to check that the cache renders it again.
  patch_cache_wav.py rate FILE RATE   the same samples declared at RATE Hz (header and
                                      comment agree; the checksum covers the samples only)
  patch_cache_wav.py empty FILE       no samples: frame count 0, the XXH3-64 of nothing,
                                      one mark at 0, no cue chunk
The file is rewritten in place."""
import re
import struct
import sys

XXH3_EMPTY = "2d06800538d394c2"  # XXH3_64bits of zero bytes (xxHash's own value)


def chunks(data):
    pos = 12
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        yield cid, data[pos + 8:pos + 8 + size]
        pos += 8 + size + (size & 1)


def chunk(cid, body):
    return cid + struct.pack("<I", len(body)) + body + (b"\0" if len(body) & 1 else b"")


def patch_comment(info, fn):
    out, p = b"INFO", 4
    while p + 8 <= len(info):
        sid, ssz = info[p:p + 4], struct.unpack("<I", info[p + 4:p + 8])[0]
        body = info[p + 8:p + 8 + ssz]
        if sid == b"ICMT":
            body = fn(body.rstrip(b"\0").decode()).encode() + b"\0"
        out += chunk(sid, body)
        p += 8 + ssz + (ssz & 1)
    return out


def main():
    mode, path = sys.argv[1], sys.argv[2]
    data = open(path, "rb").read()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE", "not a WAV file"
    body = b""
    for cid, b in chunks(data):
        if cid == b"fmt " and mode == "rate":
            rate = int(sys.argv[3])
            fields = list(struct.unpack("<HHIIHH", b[:16]))
            fields[2], fields[3] = rate, rate * fields[4]
            b = struct.pack("<HHIIHH", *fields) + b[16:]
        elif cid == b"LIST" and b[:4] == b"INFO":
            if mode == "rate":
                b = patch_comment(b, lambda c: re.sub(r" rate=\d+ ", " rate=%s " % sys.argv[3], c))
            else:
                b = patch_comment(b, lambda c: re.sub(
                    r" marks=.*$", " marks=0:0",
                    re.sub(r" sum=[0-9a-f]{16} ", " sum=%s " % XXH3_EMPTY,
                           re.sub(r"frames=\d+ ", "frames=0 ", c))))
        elif cid == b"data" and mode == "empty":
            b = b""
        elif cid in (b"cue ", b"fact") and mode == "empty":
            continue
        body += chunk(cid, b)
    open(path, "wb").write(b"RIFF" + struct.pack("<I", len(body) + 4) + b"WAVE" + body)


main()
