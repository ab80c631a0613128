"""MP3s joined frame by frame in Python, byte for byte what ffmpeg's concat and MP3 muxer write.

Every part is a CBR MP3 this pipeline encoded (tracks.py): an ID3 tag, a LAME "Info" frame, then
audio frames. The joined file is the first part's Info frame, rewritten for the whole (frame
count, size, seek table, the first part's encoder delay and the last part's padding, checksums),
then every part's audio frames in order. It is what ffmpeg wrote, without starting it: the
tests compare the two.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import TrackError

TOC_BAGS = 400  # positions the seek table is sampled from, halved when full (as LAME does)
KBPS = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)  # MPEG-2 Layer III
TAG_CRC_SPAN = 190  # bytes of the Info frame the LAME tag's checksum covers


@functools.cache
def _crc_table() -> tuple[int, ...]:
    """Return CRC-16 (ARC)'s table: what each byte does to the register."""
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


def crc16(data: bytes, crc: int = 0) -> int:
    """Return the CRC-16 (ARC) of `data`, as LAME's tag holds it."""
    table = _crc_table()
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def _apply(matrix: Sequence[int], vector: int) -> int:
    """Return a 16-bit `vector` times a matrix over GF(2) given as its 16 columns."""
    result, bit = 0, 0
    while vector:
        if vector & 1:
            result ^= matrix[bit]
        vector >>= 1
        bit += 1
    return result


@functools.cache
def _zero_bytes_step(power: int) -> tuple[int, ...]:
    """Return the CRC's step over 2**power zero bytes, as 16 columns (made when first needed)."""
    if not power:
        return tuple(crc16(b"\0", 1 << bit) for bit in range(16))
    half = _zero_bytes_step(power - 1)
    return tuple(_apply(half, column) for column in half)


def crc16_combine(first: int, second: int, second_length: int) -> int:
    """Return the CRC-16 of A + B from A's, B's and B's length."""
    power = 0
    while second_length:
        if second_length & 1:
            first = _apply(_zero_bytes_step(power), first)
        second_length >>= 1
        power += 1
    return first ^ second


@dataclass(frozen=True)
class Mp3Part:
    """An MP3's Info frame and its audio frames' bytes and lengths."""

    info: bytes
    audio: bytes
    frames: tuple[int, ...]  # the length of each audio frame

    @property
    def lame(self) -> int:
        """Return where the LAME tag starts in the Info frame."""
        return self.info.index(b"Info") + 4 + 4 + 4 + 4 + 100 + 4

    def lame_field(self, offset: int, size: int) -> int:
        """Return the big-endian number at `offset` in the LAME tag."""
        return int.from_bytes(self.info[self.lame + offset:self.lame + offset + size], "big")


def read_part(path: Path) -> Mp3Part:
    """Read an MP3 this pipeline wrote; raise TrackError if it is not one."""
    data = path.read_bytes()
    if data[:3] == b"ID3":
        size = 0
        for byte in data[6:10]:
            size = (size << 7) | byte
        data = data[10 + size:]
    lengths = _same_frames(data, path) or _walk_frames(data, path)
    if not lengths or b"Info" not in data[:lengths[0]]:
        raise TrackError(f"{path}: cut short or without its Info frame. "
                         "Delete the file and build again.")
    return Mp3Part(data[:lengths[0]], data[lengths[0]:], tuple(lengths[1:]))


def _same_frames(data: bytes, path: Path) -> list[int] | None:
    """Return the frames' lengths of a stream whose audio frames all have one header (a CBR
    stream whose frames need no padding, as at 48 and 16 kbps and 24 kHz) after its Info
    frame, checked a byte column at a time; None for any other (walked frame by frame)."""
    if len(data) < 8:
        return None
    info = _frame_length(data[:4], path, 0)
    audio = memoryview(data)[info:]
    if len(audio) < 4:
        return None
    length = _frame_length(bytes(audio[:4]), path, info)
    count, rest = divmod(len(audio), length)
    if rest or any(audio[byte::length] != audio[byte:byte + 1].tobytes() * count
                   for byte in range(4)):
        return None
    return [info] + [length] * count


def _walk_frames(data: bytes, path: Path) -> list[int]:
    """Return the length of each frame, header by header; raise TrackError at a header that
    is not one, or if the last frame is cut short."""
    lengths, position = [], 0
    while position + 4 <= len(data):
        lengths.append(_frame_length(data[position:position + 4], path, position))
        position += lengths[-1]
    if position != len(data):
        raise TrackError(f"{path}: cut short or without its Info frame. "
                         "Delete the file and build again.")
    return lengths


def _frame_length(header_bytes: bytes, path: Path, position: int) -> int:
    """Return the length of the MPEG-2 Layer III frame whose header is `header_bytes`; raise
    TrackError if it is not one."""
    header = int.from_bytes(header_bytes, "big")
    if header >> 21 != 0x7FF or (header >> 19) & 3 != 2 or (header >> 17) & 3 != 1 \
            or not 0 < (header >> 12) & 15 < 15:
        raise TrackError(f"{path}: not an MPEG-2 Layer III frame at byte {position}. "
                         "Delete the file and build again.")
    return 72000 * KBPS[(header >> 12) & 15] // 24000 + ((header >> 9) & 1)


def _seek_table(info_size: int, frames: Sequence[int]) -> tuple[bytes, int]:
    """Return the Info frame's 100-entry seek table and the file's size, sampled as LAME does:
    the size after every `want`-th frame goes in a bag, and when the bags are full every other
    one is kept and `want` doubles."""
    sizes = list(itertools.accumulate(frames, initial=info_size))  # after each frame
    bags, want, position, taken = [0] * TOC_BAGS, 1, 0, 0
    while taken + want < len(sizes):
        taken += want
        bags[position] = sizes[taken]
        position += 1
        if position == TOC_BAGS:
            for index in range(1, TOC_BAGS, 2):
                bags[index >> 1] = bags[index]
            want *= 2
            position = TOC_BAGS // 2
    size = sizes[-1]
    table = [0] + [min(256 * bags[i * position // 100] // size, 255) for i in range(1, 100)]
    return bytes(table), size


def join_parts(parts: Sequence[Mp3Part]) -> bytes:
    """Return the MP3 of `parts` played one after another (with no ID3 tag)."""
    first, last = parts[0], parts[-1]
    frames = [length for part in parts for length in part.frames]
    table, size = _seek_table(len(first.info), frames)
    music_crc = 0
    for part in parts:
        music_crc = crc16_combine(music_crc, part.lame_field(32, 2), len(part.audio))
    info = bytearray(first.info)
    tag = first.info.index(b"Info")
    info[tag + 8:tag + 16] = len(frames).to_bytes(4, "big") + size.to_bytes(4, "big")
    info[tag + 16:tag + 116] = table
    lame = first.lame
    info[lame:lame + 9] = b"Lavf".ljust(9, b"\0")  # ffmpeg's name, as with -fflags +bitexact
    delay, padding = first.lame_field(21, 3) >> 12, last.lame_field(21, 3) & 0xFFF
    info[lame + 21:lame + 24] = ((delay << 12) | padding).to_bytes(3, "big")
    info[lame + 28:lame + 34] = size.to_bytes(4, "big") + music_crc.to_bytes(2, "big")
    info[lame + 34:lame + 36] = b"\0\0"
    info[lame + 34:lame + 36] = crc16(bytes(info[:TAG_CRC_SPAN])).to_bytes(2, "big")
    return bytes(info) + b"".join(part.audio for part in parts)
