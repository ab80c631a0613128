"""Piper (piper-tts): neural voices run offline from an .onnx file and its .onnx.json.

Word times come from the voice's phoneme alignments (loaded with `include_alignments`, which
patches the model in memory and needs the `onnx` package): the samples of each phoneme. Each
word of the speech text is phonemized alone and its sounds matched to the sentence's (espeak
joins "with the" and reads "COVID-19" as two words): a word starts at its first matched sound.
"""

from __future__ import annotations

import threading
from difflib import SequenceMatcher
from functools import cache
from importlib import metadata, resources
from pathlib import Path

from pydub import AudioSegment

from ..text_origins import WORD
from .base import Engine, Utterance

STRESS = "ˈˌ"  # marks Piper's phonemes carry in context but not always alone


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


def _sounds(phonemes) -> list[str]:
    """Keep the phonemes that are sounds: no stress marks, spaces, punctuation or "^"/"$"."""
    return [p for p in phonemes if p.isalpha() and p not in STRESS]


def _said(chunks) -> tuple[list[str], list[int]] | None:
    """Return the sounds Piper said and the sample each starts at (None without alignments)."""
    sounds, starts, position = [], [], 0
    for chunk in chunks:
        if not chunk.phoneme_alignments:
            return None
        for alignment in chunk.phoneme_alignments:
            if _sounds([alignment.phoneme]):
                sounds.append(alignment.phoneme)
                starts.append(position)
            position += int(alignment.num_samples)
    return sounds, starts


def _word_times(voice, text: str, chunks, rate: int) -> tuple[tuple[int, int, float], ...] | None:
    """Find where each word of `text` starts among the sounds Piper said (None without
    alignments): each word is phonemized alone and its sounds matched to the sentence's,
    since in context espeak joins words ("with the": "wɪððə") and reads numbers."""
    said = _said(chunks)
    if said is None:
        return None
    sounds, starts = said
    words = list(WORD.finditer(text))
    alone = [_sounds(p for sentence in voice.phonemize(w.group(0)) for p in sentence)
             for w in words]
    where: dict[int, int] = {}  # index among the words' sounds -> index among those said
    matcher = SequenceMatcher(None, [p for ps in alone for p in ps], sounds, autojunk=False)
    for block in matcher.get_matching_blocks():
        where.update((block.a + i, block.b + i) for i in range(block.size))
    times, first = [], 0
    for word, its in zip(words, alone, strict=True):
        found = next((where[i] for i in range(first, first + len(its)) if i in where), None)
        if found is not None:
            times.append((word.start(), word.end(), starts[found] / rate))
        first += len(its)
    return tuple(times)


_piper_lock = threading.Lock()


@cache
def _load_piper_voice(model: str):
    from piper import PiperVoice

    return PiperVoice.load(model, include_alignments=True)


def _piper_voice(model: str):
    """Load a Piper voice once per process (several threads may ask at once)."""
    with _piper_lock:
        return _load_piper_voice(model)
