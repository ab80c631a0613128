"""Voice engines that run offline: Piper, espeak-ng and a silent one for fast tests.

Each engine says whether it can voice a language here (`problem()`), names its voice and
settings for the clip cache (`voice_key()`), and turns one sentence of speech text into mono
audio (`synthesize()`), raising VoiceError when it cannot. `Engine` is their base class.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import threading
from functools import cache
from importlib import metadata, resources
from pathlib import Path

from pydub import AudioSegment
from pydub.exceptions import CouldntDecodeError

from .errors import VoiceError
from .settings import Settings


class Engine:
    """A voice engine; subclasses set `name` and `offline` and implement `synthesize()`."""

    name = ""
    offline = True

    def __init__(self, settings: Settings):
        self.settings = settings

    def options(self, language: str) -> dict:
        """Return this engine's settings for `language` from library/library.toml."""
        return self.settings.voice_option(self.name, language)

    def problem(self, language: str) -> str | None:
        """Say why this engine cannot voice `language` here (None if it can)."""
        return None

    def voice(self, language: str) -> str:
        """Name the voice used for `language`, for people."""
        return language

    def voice_key(self, language: str) -> str:
        """Name engine, voice and settings: a change to any of them changes the key."""
        return json.dumps([self.name, self.voice(language), self.options(language)],
                          sort_keys=True, ensure_ascii=False)

    def synthesize(self, text: str, language: str) -> AudioSegment:
        """Return `text` spoken in `language` as mono audio."""
        raise NotImplementedError

    def fail(self, text: str, what: str, todo: str) -> VoiceError:
        """Return a VoiceError naming this engine and the sentence's start."""
        start = text if len(text) <= 40 else text[:40] + "…"
        return VoiceError(f'{self.name}: cannot voice "{start}": {what}. {todo}')


class SilentEngine(Engine):
    """Silence as long as the sentence would roughly take to say: for fast tests."""

    name = "silent"
    MS_PER_CHARACTER = 60
    MINIMUM_MS = 300

    def voice(self, language: str) -> str:
        return "silence"

    def synthesize(self, text: str, language: str) -> AudioSegment:
        duration = max(self.MINIMUM_MS, self.MS_PER_CHARACTER * len(text))
        return AudioSegment.silent(duration=duration, frame_rate=24000)


class EspeakEngine(Engine):
    """The espeak-ng command (Debian package espeak-ng): every language, robotic but clear."""

    name = "espeak-ng"
    TIMEOUT = 60

    def voice(self, language: str) -> str:
        return str(self.options(language).get("voice", language))

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
        options = self.options(language)
        command = ["espeak-ng", "-v", self.voice(language), "--stdin"]
        if "speed" in options:
            command += ["-s", str(int(options["speed"]))]
        with tempfile.TemporaryDirectory(prefix="espeak-") as folder:
            wav = Path(folder) / "sentence.wav"
            # -w writes a complete WAV; --stdout leaves a placeholder size in the header.
            try:
                subprocess.run([*command, "-w", str(wav)], input=text.encode("utf-8"),
                               capture_output=True, check=True,
                               timeout=options.get("timeout", self.TIMEOUT))
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


class PiperEngine(Engine):
    """Piper (piper-tts): neural voices run offline from an .onnx file and its .onnx.json."""

    name = "piper"
    PACKAGE = "package:"

    def voice(self, language: str) -> str:
        model = self.model_path(language)
        return model.stem if model else str(self.options(language).get("model", "none"))

    def model_path(self, language: str) -> Path | None:
        """Return the .onnx voice file set for `language` (None if none is set or found)."""
        model = self.options(language).get("model")
        if not model:
            return None
        if not model.startswith(self.PACKAGE):
            return self.settings.root / model
        try:
            found = sorted(Path(str(resources.files(model[len(self.PACKAGE):]))).rglob("*.onnx"))
        except (ModuleNotFoundError, TypeError):
            return None
        return found[0] if found else None

    def problem(self, language: str) -> str | None:
        model = self.options(language).get("model")
        if not model:
            return (f"no Piper voice is configured for '{language}' "
                    f"(set [voices.piper] {language} = {{ model = ... }})")
        try:
            import piper  # noqa: F401
        except ImportError:
            return "piper-tts is not installed (pip install piper-tts)"
        path = self.model_path(language)
        if path is None:
            return f"no Python package installed here holds the voice '{model}'"
        for needed in (path, Path(f"{path}.json")):
            if not needed.is_file():
                return f"voice file {self.settings.relative(needed)} is missing"
        return None

    def voice_key(self, language: str) -> str:
        path = self.model_path(language)
        size = path.stat().st_size if path and path.is_file() else 0
        return f"{super().voice_key(language)} {size} piper-tts {metadata.version('piper-tts')}"

    def synthesize(self, text: str, language: str) -> AudioSegment:
        from piper import SynthesisConfig

        options = self.options(language)
        config = SynthesisConfig(length_scale=options.get("length_scale"),
                                 noise_scale=options.get("noise_scale"),
                                 noise_w_scale=options.get("noise_w_scale"))
        try:
            voice = _piper_voice(str(self.model_path(language)))
            chunks = list(voice.synthesize(text, syn_config=config))
        except Exception as error:  # onnxruntime and the phonemizer raise many kinds
            raise self.fail(text, str(error) or type(error).__name__,
                            "Check the Piper voice file configured in library/library.toml."
                            ) from error
        if not chunks:
            raise self.fail(text, "the voice produced no audio", "Check the sentence's text.")
        pcm = b"".join(chunk.audio_int16_bytes for chunk in chunks)
        return AudioSegment(data=pcm, sample_width=2, channels=1,
                            frame_rate=chunks[0].sample_rate)


_piper_lock = threading.Lock()


@cache
def _load_piper_voice(model: str):
    from piper import PiperVoice

    return PiperVoice.load(model)


def _piper_voice(model: str):
    """Load a Piper voice once per process (several threads may ask at once)."""
    with _piper_lock:
        return _load_piper_voice(model)
