"""Kokoro, the Spanish voice: the real model voices Spanish with a time for every word, a model
part missing or damaged is named and the build falls back to espeak-ng (and says so), a
language staff add gets its Kokoro voice, and the settings are checked on their line."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import shutil
from pathlib import Path
from types import MappingProxyType

import pytest
from conftest import Staff
from mutagen.id3 import ID3
from projects import copy_project
from test_new_languages import fill
from test_settings import edit_settings
from test_words import (
    SEED_ONLY,
    SLUG,
    configure,
    decoded,
    pauses,
    read_cues,
    timed_words,
    tracks,
    write_article,
)

from web.pipeline.errors import VoiceError
from web.pipeline.manifest import load_manifest
from web.pipeline.settings import Settings, load_settings
from web.pipeline.text_origins import WORD
from web.pipeline.voices.kokoro import KokoroEngine
from web.pipeline.voices.model_parts import MODEL_SHA256, PARTS
from web.pipeline.voices.registry import preferences

pytestmark = pytest.mark.slow

SENTENCE = "Llame al nueve uno uno de inmediato, luego quédese con la persona."
KOKORO = '\n[voices]\nen = ["espeak-ng"]\nes = ["kokoro", "espeak-ng"]\n'


def test_kokoro_voices_a_spanish_sentence_with_every_word_timed(tmp_path):
    engine = KokoroEngine(Settings(root=tmp_path))
    assert engine.problem("es") is None
    spoken = engine.speak(SENTENCE, "es")
    assert spoken.audio.frame_rate == 24_000 and len(spoken.audio) > 2500
    assert spoken.audio.max_dBFS > -12  # speech, not silence
    words = [(m.start(), m.end()) for m in WORD.finditer(SENTENCE)]
    assert [(start, end) for start, end, _ in spoken.words] == words  # each, in order
    times = [time for *_, time in spoken.words]
    assert times == sorted(set(times)) and 0 < times[0] < 0.5
    assert times[-1] < len(spoken.audio) / 1000 - 0.3  # "persona" is said before the end


def test_english_stays_on_piper_and_kokoros_english_voices_are_a_setting_away(tmp_path):
    assert preferences(load_settings(copy_project(tmp_path / "project")), "en")[:2] == (
        "gtts", "piper")
    chosen = Settings(root=tmp_path, voice_options=MappingProxyType(
        {"kokoro": {"en": {"voice": "am_michael"}}}))
    assert KokoroEngine(chosen).voice("en") == "am_michael en-us x1.0"
    assert KokoroEngine(chosen).problem("en") is None


def shadow_part(root: Path, monkeypatch, number: int, damaged: bool) -> str:
    """Install a broken copy of model part `number` ahead of the real one on the path (without
    its data file, or with one byte changed); return its package name."""
    module = PARTS[number - 1][0]
    package = root / "shadow" / module
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    if damaged:
        real = Path(importlib.util.find_spec(module).origin).parent
        data = bytearray((real / "part.bin").read_bytes())
        data[1000] ^= 0xFF
        (package / "part.bin").write_bytes(data)
    monkeypatch.syspath_prepend(str(root / "shadow"))
    return module.replace("_", "-")


def test_a_missing_model_part_is_named_with_the_package_to_install(tmp_path, monkeypatch):
    package = shadow_part(tmp_path, monkeypatch, 3, damaged=False)
    assert KokoroEngine(Settings(root=tmp_path / "project")).problem("es") == (
        f"the Kokoro model part {package} is not installed (pip install {package}==0.1.0)")


def test_a_damaged_joined_model_is_joined_again(tmp_path):
    engine = KokoroEngine(Settings(root=tmp_path))
    assert engine.problem("es") is None
    model = tmp_path / ".cache" / "voices" / "kokoro-v1.0.int8.onnx"
    with model.open("r+b") as handle:
        handle.seek(5000)
        handle.write(b"damaged")
    assert engine.problem("es") is None
    with model.open("rb") as handle:
        assert hashlib.file_digest(handle, "sha256").hexdigest() == MODEL_SHA256
    # Damaged with its time kept: the check before loading finds it, and it is joined again.
    stat = model.stat()
    with model.open("r+b") as handle:
        handle.seek(5000)
        handle.write(b"damaged")
    os.utime(model, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    with pytest.raises(VoiceError, match="the joined Kokoro model is damaged"):
        engine.speak("Hola.", "es")
    assert engine.problem("es") is None and engine.speak("Hola.", "es").words


@pytest.fixture(scope="module")
def kokoro_built(tmp_path_factory):
    """The small article of test_words, Spanish voiced by Kokoro."""
    root = copy_project(tmp_path_factory.mktemp("kokoro") / "project", only=(SEED_ONLY,))
    write_article(root)
    configure(root, KOKORO)
    Staff(root).run("build", "--offline", "--lang", "es")
    return root


def test_the_spanish_tracks_are_kokoros_with_word_times_that_follow_the_audio(kokoro_built):
    checked = 0
    for track in tracks(kokoro_built, "es"):
        assert track.engines == ("kokoro",) and track.words
    track = tracks(kokoro_built, "es")[0]
    samples = decoded(kokoro_built / "audio" / track.file)
    for _, start, end, payload in read_cues(kokoro_built / "audio" / track.vtt):
        times = [t for _, t in timed_words(payload)[1:]]
        assert None not in times and times == sorted(set(times)), payload
        assert all(start < t < end for t in times), payload
        for silence_start, silence_end in pauses(samples, start, end - 150):
            assert min(abs(t - silence_end) for t in times) <= 100, (payload, silence_end)
            assert not any(silence_start + 100 < t < silence_end - 100 for t in times)
            checked += 1
    assert checked  # "de inmediato, luego": the comma is heard
    # "911" is said "nueve uno uno": one shown word, and the next waits for all three.
    at = dict(timed_words(read_cues(kokoro_built / "audio" / track.vtt)[0][3]))
    assert at["de"] - at["911"] > 600


def test_the_spanish_tracks_are_loud_enough_and_in_sync(kokoro_built):
    from test_tracks import assert_loud_and_in_sync

    edition = load_manifest(kokoro_built / "audio" / "manifest.json").article(SLUG).editions["es"]
    for track in [s.track for s in edition.sections] + [edition.track]:
        assert_loud_and_in_sync(kokoro_built / "audio", track)


def test_the_page_and_the_mp3_say_the_voice_is_computer_generated_in_spanish(kokoro_built,
                                                                            support):
    page = support.make_app(kokoro_built).test_client().get(f"/es/{SLUG}/").get_data(True)
    assert "Voz generada por computadora." in page
    for track in tracks(kokoro_built, "es"):
        tags = ID3(kokoro_built / "audio" / track.file)
        assert tags.getall("TIPL")[0].people == [["Narración", "voz generada por computadora"]]


def test_a_damaged_model_part_falls_back_to_espeak_ng_and_says_so(kokoro_built, tmp_path,
                                                                  monkeypatch):
    root = tmp_path / "project"
    shutil.copytree(kokoro_built / "library", root / "library")
    shutil.copytree(kokoro_built / "locales", root / "locales")
    (root / "audio").mkdir()
    package = shadow_part(tmp_path, monkeypatch, 2, damaged=True)
    problem = (f"the Kokoro model part {package} is damaged (its size or sha256 is not the one "
               f"recorded); reinstall it: pip install --force-reinstall {package}==0.1.0")
    listing = Staff(root).run("voices", "--lang", "es").output
    assert f"  1. kokoro     ef_dora es-419 x0.9              cannot run: {problem}\n" in listing
    result = Staff(root).run("build", "--offline", "--lang", "es")
    assert re.search(r"Warning: es: \d+ sentences voiced by espeak-ng instead of kokoro",
                     result.output), result.output
    for track in tracks(root, "es"):
        assert track.engines == ("espeak-ng",) and track.words


def test_a_language_staff_add_gets_its_kokoro_voice(tmp_path):
    """Brazilian Portuguese, added as the README says, with no [voices] line: Kokoro's pf_dora
    voices it, offline, with word times."""
    root = copy_project(tmp_path / "project", only=(SEED_ONLY,))
    write_article(root)
    edit_settings(root, 'languages = ["en", "es"]', 'languages = ["en", "es", "pt_BR"]')
    staff = Staff(root)
    staff.run("extract")
    listing = staff.run("voices", "--lang", "pt_BR", "--offline").output
    assert re.search(r"\n  3\. kokoro +pf_dora pt-br x1\.0 +ready\n", listing), listing
    fill(root / "locales" / "pt_BR" / "LC_MESSAGES" / f"{SLUG}.po",
         {"title": "Naloxona", "summary": "O que fazer numa overdose.",
          "intro-1": "Ligue para o 911 agora mesmo, depois dê 4 mg de naloxona. Fique com a "
                     "pessoa.",
          "what-to-do": "O que fazer", "steps-1": "Ligue para (555) 123-4567 e peça ajuda."})
    staff.run("build", "--offline", "--lang", "pt_BR")
    edition = load_manifest(root / "audio" / "manifest.json").article(SLUG).editions["pt_BR"]
    assert edition.track.engines == ("kokoro",) and edition.track.words


@pytest.mark.parametrize(("old", "new", "message"), [
    ('es = { voice = "ef_dora"', 'es = { voice = "ef_dorra"',
     '[voices.kokoro] es.voice = "ef_dorra" is not a Kokoro voice here. Use one of: af_heart, '),
    ("speed = 0.9", "speed = 3",
     "[voices.kokoro] es.speed = 3 is out of Kokoro's range. Use 0.5 to 2.0."),
    ('lang = "es-419"', 'lang = "es-mx"',
     '[voices.kokoro] es.lang = "es-mx" is not a G2P language of Kokoro. Use one of: es-419, '),
])
def test_kokoro_settings_are_checked_on_their_line(staff, old, new, message):
    edit_settings(staff.root, old, new)
    lines = (staff.root / "library" / "library.toml").read_text("utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, start=1)
                  if line.startswith('es = { voice = "ef_'))
    output = staff.run("status", expect=1).output
    assert output.startswith(f"Error: library/library.toml:{number}: {message}"), output
