"""espeak-ng (Debian package espeak-ng): every language, offline, robotic but clear."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from pydub import AudioSegment
from pydub.exceptions import CouldntDecodeError

from .base import Engine


class EspeakEngine(Engine):
    """The espeak-ng command (Debian package espeak-ng): every language, robotic but clear."""

    name = "espeak-ng"

    def voice(self, language: str) -> str:
        return str(self.option(language, "voice") or language)

    def problem(self, language: str) -> str | None:
        if not shutil.which("espeak-ng"):
            return "espeak-ng is not installed (apt-get install espeak-ng)"
        if self.voice(language) not in _espeak_voices():
            return (f"espeak-ng has no voice '{self.voice(language)}' (see espeak-ng --voices; "
                    f"set [voices.espeak-ng] {language} = {{ voice = ... }})")
        return None

    def voice_key(self, language: str) -> str:
        return f"{super().voice_key(language)} {_espeak_version()}"

    def synthesize(self, text: str, language: str) -> AudioSegment:
        command = ["espeak-ng", "-v", self.voice(language), "--stdin"]
        speed = self.option(language, "speed")
        if speed is not None:
            command += ["-s", str(int(speed))]
        with tempfile.TemporaryDirectory(prefix="espeak-") as folder:
            wav = Path(folder) / "sentence.wav"
            # -w writes a complete WAV; --stdout leaves a placeholder size in the header.
            try:
                subprocess.run([*command, "-w", str(wav)], input=text.encode("utf-8"),
                               capture_output=True, check=True,
                               timeout=self.option(language, "timeout"))
                audio = AudioSegment.from_wav(wav)
            except subprocess.TimeoutExpired:
                raise self.fail(text, "it took too long", "Shorten the sentence.") from None
            except (subprocess.CalledProcessError, OSError, CouldntDecodeError) as error:
                detail = getattr(error, "stderr", b"") or str(error).encode()
                raise self.fail(text, detail.decode(errors="replace").strip(),
                                "Check that espeak-ng runs on this machine.") from None
        return audio.set_channels(1)


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
