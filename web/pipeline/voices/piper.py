"""Piper (piper-tts): neural voices run offline from an .onnx file and its .onnx.json.

Word times come from the voice's phoneme alignments (loaded with `include_alignments`, which
patches the model in memory and needs the `onnx` package): the samples of each phoneme, matched
to the words by phoneme_words.py.
"""

from __future__ import annotations

import threading
from functools import cache
from importlib import resources
from pathlib import Path

from pydub import AudioSegment

from ..text_origins import WORD
from .base import Engine, Utterance
from .phoneme_words import sounds_of, word_times


class PiperEngine(Engine):
    """Piper's neural voices, with word times from their phoneme alignments."""

    name = "piper"
    timed = True
    PACKAGE = "package:"

    def voice(self, language: str) -> str:
        model = self.model_path(language)
        return model.stem if model else str(self.option(language, "model") or "none")

    def model_path(self, language: str) -> Path | None:
        """Return the .onnx voice file set for `language` (None if none is set or found)."""
        model = self.option(language, "model")
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
        model = self.option(language, "model")
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
        from importlib import metadata  # 11 ms to import: not for a build with nothing to do

        path = self.model_path(language)
        size = path.stat().st_size if path and path.is_file() else 0
        return f"{super().voice_key(language)} {size} piper-tts {metadata.version('piper-tts')}"

    def synthesize(self, text: str, language: str) -> AudioSegment:
        return self.speak(text, language).audio

    def speak(self, text: str, language: str) -> Utterance:
        from piper import SynthesisConfig

        config = SynthesisConfig(length_scale=self.option(language, "length_scale"),
                                 noise_scale=self.option(language, "noise_scale"),
                                 noise_w_scale=self.option(language, "noise_w_scale"))
        try:
            voice = _piper_voice(str(self.model_path(language)))
            chunks = list(voice.synthesize(text, syn_config=config, include_alignments=True))
        except Exception as error:  # onnxruntime and the phonemizer raise many kinds
            raise self.fail(text, str(error) or type(error).__name__,
                            "Check the Piper voice file configured in library/library.toml."
                            ) from error
        if not chunks:
            raise self.fail(text, "the voice produced no audio", "Check the sentence's text.")
        pcm = b"".join(chunk.audio_int16_bytes for chunk in chunks)
        rate = chunks[0].sample_rate
        audio = AudioSegment(data=pcm, sample_width=2, channels=1, frame_rate=rate)
        return Utterance(audio, _word_times(voice, text, chunks, rate))


def _said(chunks) -> tuple[list[str], list[int]] | None:
    """Return the sounds Piper said and the sample each starts at (None without alignments)."""
    sounds, starts, position = [], [], 0
    for chunk in chunks:
        if not chunk.phoneme_alignments:
            return None
        for alignment in chunk.phoneme_alignments:
            if sounds_of([alignment.phoneme]):
                sounds.append(alignment.phoneme)
                starts.append(position)
            position += int(alignment.num_samples)
    return sounds, starts


def _word_times(voice, text: str, chunks, rate: int) -> tuple[tuple[int, int, float], ...] | None:
    """Find where each word of `text` starts among the sounds Piper said (None without
    alignments)."""
    said = _said(chunks)
    if said is None:
        return None
    alone = [sounds_of(p for sentence in voice.phonemize(w.group(0)) for p in sentence)
             for w in WORD.finditer(text)]
    return word_times(text, alone, *said, rate)


_piper_lock = threading.Lock()


@cache
def _load_piper_voice(model: str):
    from piper import PiperVoice

    return PiperVoice.load(model, include_alignments=True)


def _piper_voice(model: str):
    """Load a Piper voice once per process (several threads may ask at once)."""
    with _piper_lock:
        return _load_piper_voice(model)
