#!/usr/bin/env python3
"""Compare the Spanish voices (Kokoro's, and espeak-ng's voices and settings) by measured
figures, and choose the default of each.

Each candidate (a voice, a variant such as +m3 or +f2, a pitch range and a rate) speaks the same
health sentences through the build's own espeak-ng engine. For each it prints the pitch range in
semitones (10th to 90th percentile of F0 over voiced frames, Praat's pitch tracker through
praat-parselmouth), the median F0, words per minute (speech from first to last sound), the mean
pause inside a sentence (silences of 100 ms or more, at its commas), and the harmonics-to-noise
ratio (a rough, hoarse or buzzy voice scores low).

The choice, in this order: a voice at least as clean as the default (HNR no more than 1 dB
under it); then the pitch range nearest to that of a person reading aloud (TARGET_SEMITONES);
then, for new readers, the rate nearest to NEW_READER_WPM, with pauses at commas long enough to
hear (at least 150 ms). It prints the table, the choice and the library.toml line to use.

Kokoro's Spanish voices (ef_dora, em_alex, em_santa) at speeds 1.0, 0.9 and 0.85 speak the same
sentences through the build's Kokoro engine, measured alike, with their real-time factor
(seconds of synthesis per second of audio, the model loaded). The choice, in this order: a
real-time factor of at most MAX_RTF (a build voices as fast as it speaks); a pitch range a
person reading aloud has (TARGET_BAND, 6 to 10 semitones); a voice at least as clean as the
cleanest Kokoro candidate (HNR no more than 1 dB under it); then the rate nearest to
NEW_READER_WPM in steps of 5 words a minute (slower for new readers only while the figures
above hold); then the highest HNR. Kokoro is the default Spanish voice, espeak-ng its fallback.

Example:

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/spanish_voice.py
"""

from __future__ import annotations

import math
import os
import sys
import time
from array import array
from dataclasses import dataclass, replace
from pathlib import Path
from statistics import mean, median
from types import MappingProxyType

sys.path[0] = str(Path(__file__).resolve().parents[1])  # the project, not bench/

import parselmouth  # noqa: E402

from web.pipeline.audio.pcm import RATE, to_pcm  # noqa: E402
from web.pipeline.settings import load_settings  # noqa: E402
from web.pipeline.voices.espeak import EspeakEngine  # noqa: E402
from web.pipeline.voices.kokoro import KokoroEngine  # noqa: E402

PROJECT = Path(__file__).resolve().parents[1]
SENTENCES = [
    "La naloxona puede revertir una sobredosis de opioides en pocos minutos.",
    "Si la persona no responde, llame al nueve uno uno de inmediato.",
    "Acuéstela de lado, con la cabeza apoyada en el brazo, y quédese con ella.",
    "¿Sabe dónde guardar la naloxona en su casa?",
    "El tratamiento funciona, y la recuperación es posible para todos.",
    "Pida ayuda a su médico, a su farmacia o a un centro de salud.",
]
TARGET_SEMITONES = 6.0  # read-aloud speech commonly spans about 4 to 8 semitones (10-90 %)
NEW_READER_WPM = 145  # slower than the 175 words a minute espeak-ng speaks by default
CLEANER_BY = -1.0  # dB of HNR a candidate may lose against the default voice
SILENCE = 0.02  # of full scale: quieter than this is a pause
MIN_PAUSE_MS = 100
WORDS = sum(len(s.split()) for s in SENTENCES)
KOKORO_VOICES = ("ef_dora", "em_alex", "em_santa")
KOKORO_SPEEDS = (1.0, 0.9, 0.85)
TARGET_BAND = (6.0, 10.0)  # semitones (10-90 %) of a person reading aloud
MAX_RTF = 1.0
ENGINES = {"espeak-ng": EspeakEngine, "kokoro": KokoroEngine}


@dataclass(frozen=True)
class Figures:
    """What was measured of one candidate."""

    label: str
    options: dict
    semitones: float
    median_hz: float
    wpm: float
    pause_ms: float
    hnr_db: float
    rtf: float


def speak(options: dict, engine: str = "espeak-ng") -> tuple[list[array], float]:
    """Speak every sentence with these options of `engine`; return 16-bit samples at RATE and
    the seconds the engine took."""
    base = load_settings(PROJECT)
    settings = replace(base, voice_options=MappingProxyType({engine: {"es": options}}))
    voice = ENGINES[engine](settings)
    voice.synthesize(SENTENCES[0], "es")  # load the model first: it is loaded once a build
    clips, seconds = [], 0.0
    for sentence in SENTENCES:
        started = time.perf_counter()
        audio = voice.synthesize(sentence, "es")
        seconds += time.perf_counter() - started
        clips.append(array("h", to_pcm(audio)))
    return clips, seconds


def spoken_span(samples: array) -> tuple[int, int]:
    """Return the first and last loud sample (the speech without its edges' silence)."""
    loud = [i for i in range(0, len(samples), 24) if abs(samples[i]) > SILENCE * 32768]
    return (loud[0], loud[-1]) if loud else (0, len(samples))


def inner_pauses(samples: array) -> list[float]:
    """Return the silences of MIN_PAUSE_MS or more between the first and last sound, in ms."""
    window = RATE // 100
    start, end = spoken_span(samples)
    pauses, quiet = [], 0
    for at in range(start, end, window):
        if max(map(abs, samples[at:at + window])) < SILENCE * 32768:
            quiet += 10
        else:
            if quiet >= MIN_PAUSE_MS:
                pauses.append(quiet)
            quiet = 0
    return pauses


def measure(label: str, options: dict, engine: str = "espeak-ng") -> Figures:
    """Speak the sentences with one candidate and measure it."""
    clips, synthesis = speak(options, engine)
    joined = array("h", b"".join(c.tobytes() for c in clips))
    sound = parselmouth.Sound([x / 32768 for x in joined], sampling_frequency=RATE)
    f0 = sorted(f for f in sound.to_pitch_ac(pitch_floor=60, pitch_ceiling=500)
                .selected_array["frequency"] if f > 0)
    low, high = f0[len(f0) // 10], f0[len(f0) * 9 // 10]
    harmonicity = [h for h in sound.to_harmonicity_cc().values.flatten() if h > -100]
    seconds = sum((end - start) / RATE for start, end in map(spoken_span, clips))
    pauses = [p for c in clips for p in inner_pauses(c)]
    return Figures(label, options, 12 * math.log2(high / low), median(f0), WORDS / seconds * 60,
                   mean(pauses) if pauses else 0.0, mean(harmonicity),
                   synthesis / (sum(map(len, clips)) / RATE))


def candidates() -> list[tuple[str, dict]]:
    """Return the voices, variants, pitch ranges and rates to compare."""
    found = [("es (Spain)", {"voice": "es"}), ("es-419 (default)", {"voice": "es-419"})]
    variants = [f"m{n}" for n in range(1, 8)] + [f"f{n}" for n in range(1, 6)] + ["klatt"]
    found += [(f"es-419+{v}", {"voice": f"es-419+{v}"}) for v in variants]
    return found


def refinements(best: Figures) -> list[tuple[str, dict]]:
    """Return the best voice with wider pitch ranges and slower rates (base pitch 50)."""
    found = []
    for range_ in (50, 70, 85, 99):
        for speed in (175, 160, 150, 140, 130):
            options = {**best.options, "range": range_, "speed": speed}
            found.append((f"{best.options['voice']} range {range_} speed {speed}", options))
    return found


def choose(rows: list[Figures], default: Figures) -> Figures:
    """Choose by the rules of the module's docstring."""
    clean = [r for r in rows if r.hnr_db >= default.hnr_db + CLEANER_BY] or rows
    nearest = min(abs(r.semitones - TARGET_SEMITONES) for r in clean)
    natural = [r for r in clean if abs(r.semitones - TARGET_SEMITONES) <= nearest + 0.5]
    heard = [r for r in natural if r.pause_ms >= 150] or natural
    # Rates within 5 words a minute are alike: then the pitch range decides.
    return min(heard, key=lambda r: (round(abs(r.wpm - NEW_READER_WPM) / 5),
                                     abs(r.semitones - TARGET_SEMITONES)))


def choose_kokoro(rows: list[Figures]) -> Figures:
    """Choose Kokoro's voice and speed by the rules of the module's docstring."""
    fast = [r for r in rows if r.rtf <= MAX_RTF] or rows
    natural = [r for r in fast if TARGET_BAND[0] <= r.semitones <= TARGET_BAND[1]] or fast
    cleanest = max(r.hnr_db for r in natural)
    clean = [r for r in natural if r.hnr_db >= cleanest + CLEANER_BY]
    return min(clean, key=lambda r: (round(abs(r.wpm - NEW_READER_WPM) / 5), -r.hnr_db))


def table(rows: list[Figures]) -> str:
    lines = [f"{'candidate':<34} {'range st':>8} {'F0 Hz':>6} {'wpm':>5} {'pause ms':>8} "
             f"{'HNR dB':>6} {'RTF':>5}"]
    lines += [f"{r.label:<34} {r.semitones:8.1f} {r.median_hz:6.0f} {r.wpm:5.0f} "
              f"{r.pause_ms:8.0f} {r.hnr_db:6.1f} {r.rtf:5.2f}" for r in rows]
    return "\n".join(lines)


def compare_kokoro(espeak: Figures) -> None:
    """Measure Kokoro's Spanish voices and speeds beside espeak-ng's choice; print the choice."""
    rows = [measure(f"kokoro {voice} speed {speed}",
                    {"voice": voice, "speed": speed, "lang": "es-419"}, "kokoro")
            for voice in KOKORO_VOICES for speed in KOKORO_SPEEDS]
    print(f"\nKokoro's Spanish voices (G2P es-419) beside espeak-ng's choice, "
          f"{os.cpu_count()} cores:")
    print(table([*rows, espeak]))
    chosen = choose_kokoro(rows)
    options = ", ".join(f'{k} = {v!r}'.replace("'", '"') for k, v in chosen.options.items())
    print(f"\nChosen: {chosen.label}: {chosen.semitones:.1f} semitones (espeak-ng "
          f"{espeak.semitones:.1f}), {chosen.wpm:.0f} words a minute, pauses at commas "
          f"{chosen.pause_ms:.0f} ms, HNR {chosen.hnr_db:.1f} dB (espeak-ng "
          f"{espeak.hnr_db:.1f}), real-time factor {chosen.rtf:.2f}.")
    print(f"library/library.toml [voices.kokoro]: es = {{ {options} }}")


def main() -> None:
    voices = [measure(label, options) for label, options in candidates()]
    default = voices[1]
    print("Voices and variants, at espeak-ng's default pitch range (50) and rate (175):")
    print(table(voices))
    clean = [v for v in voices if v.hnr_db >= default.hnr_db + CLEANER_BY]
    # The voice to refine: among clean ones, the widest natural range before any setting.
    best_voice = min(clean, key=lambda v: abs(v.semitones - TARGET_SEMITONES))
    settings = [measure(label, options) for label, options in refinements(best_voice)]
    print(f"\n{best_voice.label} with wider pitch ranges and slower rates:")
    print(table(settings))
    chosen = choose(settings, default)
    pitches = [measure(f"{chosen.label} pitch {pitch}", {**chosen.options, "pitch": pitch})
               for pitch in (35, 65)]
    print(f"\n{chosen.label} with a lower and a higher base pitch (50 above):")
    print(table(pitches))
    chosen = choose([chosen, *pitches], default)
    options = ", ".join(f'{k} = {v!r}'.replace("'", '"') for k, v in chosen.options.items())
    print(f"\nChosen: {chosen.label}: {chosen.semitones:.1f} semitones (default "
          f"{default.semitones:.1f}), {chosen.wpm:.0f} words a minute (default "
          f"{default.wpm:.0f}), pauses at commas {chosen.pause_ms:.0f} ms, HNR "
          f"{chosen.hnr_db:.1f} dB (default {default.hnr_db:.1f}).")
    print(f"library/library.toml [voices.espeak-ng]: es = {{ {options} }}")
    compare_kokoro(replace(chosen, label=f"espeak-ng {chosen.options['voice']} (its choice)"))


if __name__ == "__main__":
    main()
