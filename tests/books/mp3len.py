"""mp3len: the length of an MP3 file found by walking its frame headers (ISO 11172-3 /
13818-3 Layer III), independent of any decoder the product uses: seconds of audio the
file holds (encoder delay and padding included, so a clip that ends within the speech
ends within this)."""
import struct

BITRATES = {  # kbit/s by bitrate index: MPEG-1 Layer III, MPEG-2/2.5 Layer III
    1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
    2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
}
RATES = {1: [44100, 48000, 32000], 2: [22050, 24000, 16000], 25: [11025, 12000, 8000]}


def mp3_seconds(path):
    """(seconds, sample rate, frames) of the Layer III file PATH; raises ValueError when
    it holds no valid frame sequence."""
    with open(path, "rb") as f:
        return mp3_data_seconds(f.read(), path)


def mp3_data_seconds(data, path):
    """As mp3_seconds(), for the bytes DATA of a file named PATH."""
    i = 0
    if data[:3] == b"ID3" and len(data) >= 10:
        size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
        i = 10 + size
    samples = 0
    frames = 0
    rate = None
    while i + 4 <= len(data):
        (h,) = struct.unpack(">I", data[i:i + 4])
        if (h >> 21) & 0x7FF != 0x7FF:
            if frames == 0:
                i += 1
                continue
            raise ValueError("%s: no frame header at byte %d" % (path, i))
        ver_bits = (h >> 19) & 3
        layer = (h >> 17) & 3
        br_idx = (h >> 12) & 15
        sr_idx = (h >> 10) & 3
        pad = (h >> 9) & 1
        if ver_bits == 1 or layer != 1 or br_idx in (0, 15) or sr_idx == 3:
            raise ValueError("%s: bad Layer III header at byte %d" % (path, i))
        ver = {3: 1, 2: 2, 0: 25}[ver_bits]
        sr = RATES[ver][sr_idx]
        br = BITRATES[1 if ver == 1 else 2][br_idx] * 1000
        per = 1152 if ver == 1 else 576
        size = (144 if ver == 1 else 72) * br // sr + pad
        if rate is None:
            rate = sr
        elif rate != sr:
            raise ValueError("%s: the sample rate changes at byte %d" % (path, i))
        samples += per
        frames += 1
        i += size
    if not frames:
        raise ValueError("%s: no MP3 frames" % path)
    return samples / rate, rate, frames
