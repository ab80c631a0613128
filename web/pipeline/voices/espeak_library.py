"""Speak one sentence with libespeak-ng and write its audio and word events (a script).

The espeak-ng engine runs this file once per sentence, as the espeak-ng command would run: the
library's wave generator keeps its state from one sentence to the next, so a sentence spoken
second in a process sounds a little different from the same sentence spoken first, and a clip
must depend only on what it says. It imports nothing from the project, so it starts fast.

Input (stdin): JSON {"text", "voice", "parameters": {espeak_PARAMETER number: value}}.
Output (stdout): a JSON line {"rate", "words": [[start, end, sample], ...]} (characters of the
text), then the 16-bit mono PCM.
"""

from __future__ import annotations

import ctypes
import json
import sys

LIBRARY = "libespeak-ng.so.1"
SYNCHRONOUS, DONT_EXIT = 2, 0x8000  # espeak_Initialize: no audio device; errors return
CHARACTER_POSITIONS, UTF8 = 1, 1  # espeak_Synth: positions in characters of UTF-8 text
WORD_EVENT, LIST_END = 1, 0


class _Event(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint),
                ("text_position", ctypes.c_int), ("length", ctypes.c_int),
                ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", ctypes.c_void_p)]


_Callback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.POINTER(_Event))


def speak(text: str, voice: str, parameters: dict[int, int]) -> tuple[int, bytes, list]:
    """Return the sample rate, PCM and word events ([start, end) characters, sample) of
    `text`; raise OSError when the library cannot speak it."""
    library = ctypes.CDLL(LIBRARY)
    rate = library.espeak_Initialize(SYNCHRONOUS, 0, None, DONT_EXIT)
    if rate <= 0:
        raise OSError(f"libespeak-ng did not start ({rate})")
    pcm, words = bytearray(), []

    def receive(wave, samples, events) -> int:
        if wave and samples:
            pcm.extend(ctypes.string_at(wave, samples * 2))
        index = 0
        while events and events[index].type != LIST_END:
            event = events[index]
            if event.type == WORD_EVENT:  # text_position counts characters from 1
                start = event.text_position - 1
                words.append([start, start + event.length, event.sample])
            index += 1
        return 0

    callback = _Callback(receive)
    library.espeak_SetSynthCallback(callback)
    if library.espeak_SetVoiceByName(voice.encode()) != 0:
        raise OSError(f"libespeak-ng has no voice '{voice}'")
    for parameter, value in parameters.items():
        library.espeak_SetParameter(int(parameter), int(value), 0)
    data = text.encode("utf-8")
    status = library.espeak_Synth(ctypes.c_char_p(data), ctypes.c_size_t(len(data) + 1), 0,
                                  CHARACTER_POSITIONS, 0, UTF8, None, None)
    if status != 0 or not pcm:
        raise OSError(f"libespeak-ng answered {status}")
    return rate, bytes(pcm), words


def main() -> int:
    request = json.load(sys.stdin)
    try:
        rate, pcm, words = speak(request["text"], request["voice"], request["parameters"])
    except OSError as error:
        sys.stderr.write(f"{error}\n")
        return 1
    sys.stdout.buffer.write(json.dumps({"rate": rate, "words": words}).encode() + b"\n" + pcm)
    return 0


if __name__ == "__main__":
    sys.exit(main())
