"""Hear a sentence before it is published: its speech text, voiced as a build would voice it.

The text is split into sentences, each normalized with the language's lexicon and voiced by the
first engine of the language's chain that can, joined with the pauses a track puts between
sentences, and encoded as a track is (MP3, the project's format).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..audio.pcm import to_pcm
from ..audio.tracks import encode_mp3, join_section
from ..settings import Settings
from .registry import select_engines, voice_sentence
from .speech import load_lexicon


@dataclass(frozen=True)
class SayResult:
    """What was said: each sentence's speech text, the engines that voiced them, the MP3."""

    speech: tuple[str, ...]
    engines: tuple[str, ...]
    path: Path | None


def say_text(settings: Settings, text: str, language: str, out: Path | None = None, *,
             engine: str | None = None, offline: bool = False) -> SayResult:
    """Return the speech of `text` in `language`; voice it into `out` (MP3) if given."""
    lexicon = load_lexicon(settings, language)
    speech = tuple(lexicon.speak(sentence) for sentence in lexicon.sentences(text))
    if out is None:
        return SayResult(speech, (), None)
    engines = select_engines(settings, language, engine=engine, offline=offline)
    clips, used = [], []
    for sentence in speech:
        utterance, name = voice_sentence(engines, sentence, language)
        clips.append(to_pcm(utterance.audio))
        used.append(name)
    encode_mp3(join_section([("paragraph", clips)]), out)
    return SayResult(speech, tuple(used), out)


