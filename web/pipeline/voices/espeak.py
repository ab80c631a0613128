"""espeak-ng (Debian package espeak-ng): every language, offline, robotic but clear.

Each sentence is spoken through libespeak-ng by espeak_library.py in its own process (as the
espeak-ng command would be): the library's synthesis callback gives the audio and, for each word
it says, its characters in the text and its sample, which are the word times of the cues.
"""

from __future__ import annotations

import ctypes
import json
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

from pydub import AudioSegment

from .base import Engine, Utterance
from .espeak_library import LIBRARY

SPEAKER = Path(__file__).with_name("espeak_library.py")
PARAMETERS = {"speed": 1, "pitch": 3, "range": 4}  # option -> espeak_PARAMETER


class EspeakEngine(Engine):
    """espeak-ng (Debian package espeak-ng): every language, robotic but clear."""

    name = "espeak-ng"
    timed = True

    def voice(self, language: str) -> str:
        return str(self.option(language, "voice") or language)

    def problem(self, language: str) -> str | None:
        if not shutil.which("espeak-ng") or not _library_present():
            return "espeak-ng is not installed (apt-get install espeak-ng)"
        if self.voice(language).split("+")[0] not in _espeak_voices():
            return (f"espeak-ng has no voice '{self.voice(language)}' (see espeak-ng --voices; "
                    f"set [voices.espeak-ng] {language} = {{ voice = ... }})")
        return None

    def voice_key(self, language: str) -> str:
        return f"{super().voice_key(language)} {_espeak_version()}"

    def synthesize(self, text: str, language: str) -> AudioSegment:
        return self.speak(text, language).audio

    def speak(self, text: str, language: str) -> Utterance:
        request = {"text": text, "voice": self.voice(language),
                   "parameters": {number: self.option(language, option)
                                  for option, number in PARAMETERS.items()}}
        try:  # -I -S: isolated, no site packages: the script needs only the standard library
            done = subprocess.run([sys.executable, "-I", "-S", str(SPEAKER)],
                                  input=json.dumps(request).encode(), capture_output=True,
                                  check=True, timeout=self.option(language, "timeout"))
            header, pcm = done.stdout.split(b"\n", 1)
            answer = json.loads(header)
        except subprocess.TimeoutExpired:
            raise self.fail(text, "it took too long", "Shorten the sentence.") from None
        except (subprocess.CalledProcessError, OSError, ValueError) as error:
            detail = getattr(error, "stderr", b"") or str(error).encode()
            raise self.fail(text, detail.decode(errors="replace").strip(),
                            "Check that espeak-ng runs on this machine.") from None
        rate = answer["rate"]
        audio = AudioSegment(data=pcm, sample_width=2, channels=1, frame_rate=rate)
        return Utterance(audio, tuple((start, end, sample / rate)
                                      for start, end, sample in answer["words"]))


@cache
def _library_present() -> bool:
    try:
        ctypes.CDLL(LIBRARY)
    except OSError:
        return False
    return True


@cache
def _espeak_voices() -> frozenset[str]:
    """Return the espeak-ng voice names and languages installed here."""
    try:
        listing = subprocess.run(["espeak-ng", "--voices"], capture_output=True, text=True,
                                 timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    names: set[str] = set()
    for line in listing.splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 5:
            names.update({fields[1], fields[3], fields[4], fields[4].rsplit("/", 1)[-1]})
    return frozenset(names)


@cache
def _espeak_version() -> str:
    try:
        banner = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True,
                                timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    # "eSpeak NG text-to-speech: 1.51  Data at: /usr/lib/..." (keep the version, not the path)
    found = re.search(r"\d+(?:\.\d+)+", banner)
    return f"espeak-ng {found.group(0)}" if found else ""
