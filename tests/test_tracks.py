"""Tracks: exact timings, -16 LUFS, MP3s that decode to the length the cues assume, ID3 chapters."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from array import array
from pathlib import Path

import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3
from pydub import AudioSegment
from pydub.generators import Sine

from web.pipeline.artwork import Cover
from web.pipeline.audio import cues, joins, loudness, pcm, tracks
from web.pipeline.audio.ffmpeg import ffmpeg_exe
from web.pipeline.audio.tags import EMBEDDED_COVER, Tags, tag_mp3
from web.pipeline.errors import TrackError
from web.pipeline.manifest import Chapter
from web.pipeline.voices.base import Utterance
from web.pipeline.voices.clips import ClipCache, clip_key

COVER = Cover("Health Library", "Health articles you can listen to and read.")
SENTENCES = [
    "With repeated heroin use, the brain adapts to the presence of the drug.",
    "This process is known as tolerance.",
    "Withdrawal symptoms include anxiety, agitation & <cravings>.",
]


def speak(text: str, tmp_path: Path) -> bytes:
    """Voice a sentence with espeak-ng (real speech, so loudness has something to measure)."""
    wav = tmp_path / "clip.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(wav), text], check=True)
    return pcm.to_pcm(AudioSegment.from_wav(wav))


def loudnorm_measure(path: Path) -> dict:
    """Measure a file the way a loudness checker would: ffmpeg loudnorm's first pass."""
    result = subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-af",
         "loudnorm=I=-16:TP=-1.5:LRA=11:print_format=json", "-f", "null", "-"],
        capture_output=True, text=True, check=True)
    log = result.stderr
    return json.loads(log[log.rindex("{"): log.rindex("}") + 1])


def decoded_ms(path: Path) -> float:
    """Decode an MP3 as a player would (encoder delay and padding trimmed); return its length."""
    return len(decode(path)) * 1000 / pcm.RATE


def assert_loud_and_in_sync(audio: Path, track) -> None:
    """Check a published track: -16 LUFS, its true peak under -1.5 dB, and the decoded audio
    and the last cue each within 50 ms of the length the manifest gives."""
    path = audio / track.file
    measured = loudnorm_measure(path)
    assert abs(float(measured["input_i"]) + 16) <= 1, track.file
    assert float(measured["input_tp"]) <= -1.5, track.file
    assert abs(decoded_ms(path) - track.duration_ms) < 50
    cues = re.findall(r"(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})",
                      (audio / track.vtt).read_text())
    last = cues[-1]
    end = ((int(last[4]) * 60 + int(last[5])) * 60 + int(last[6])) * 1000 + int(last[7])
    assert 0 <= track.duration_ms - end < 50


def tone(milliseconds: int) -> bytes:
    return pcm.to_pcm(Sine(440).to_audio_segment(duration=milliseconds, volume=-20))


def assemble(blocks):
    """Join a section's (kind, clips) blocks; return its PCM and each sentence's (start, end)."""
    lengths = [(kind, [len(clip) // pcm.WIDTH for clip in clips]) for kind, clips in blocks]
    return tracks.join_section(blocks), tracks.section_timings(lengths)[0]


def test_pauses_between_sentences_paragraphs_and_after_a_heading_are_exact():
    audio, timings = assemble([
        ("heading", [tone(1000)]),
        ("paragraph", [tone(2000), tone(1500)]),
        ("paragraph", [tone(500)]),
    ])
    assert timings == [[(0, 1000)], [(1600, 3600), (3950, 5450)], [(6150, 6650)]]
    assert len(audio) == 6650 * pcm.RATE // 1000 * pcm.WIDTH


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """Two section tracks of real speech, and a whole-article track joining them."""
    tmp_path = tmp_path_factory.mktemp("track")
    section, timings = assemble(
        [("heading", [speak("The cycle of tolerance.", tmp_path)]),
         ("paragraph", [speak(text, tmp_path) for text in SENTENCES])])
    first, second = tmp_path / "01.mp3", tmp_path / "02.mp3"
    section_tags = Tags("Part", "How Heroin Affects the Brain", "Health Library", ("en",),
                        "1/2", cover=COVER)
    tracks.write_mp3(section, section_tags, first)
    tracks.write_mp3(section[: len(section) // 2], section_tags, second)
    gap = tracks.write_gap(tmp_path / "gap.mp3", 1100)
    frames = pcm.MP3_FRAME * (tracks.mp3_frames(first) + tracks.mp3_frames(gap))
    second_start, end = pcm.ms(frames), pcm.ms(frames + len(section) // 4)
    chapters = (Chapter("one", "First part", 0, second_start),
                Chapter("two", "Second part", second_start, end))
    tags = Tags("How Heroin Affects the Brain", "How Heroin Affects the Brain",
                "Health Library", ("es", "en"), "1/1", chapters, cover=COVER)
    path = tmp_path / "article.mp3"
    [info] = tracks.join_mp3([[first, gap, second]], [tracks.TrackCopy(path, tags)], end)
    return {"path": path, "info": info, "raw": section,
            "timings": timings, "tags": tags, "first": first, "second": second,
            "second_start": frames, "parts": [first, gap, second]}


def decode(path: Path) -> array:
    decoded = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac",
                              "1", "-ar", str(pcm.RATE), "-"], capture_output=True,
                             check=True).stdout
    return array("h", decoded)


def test_normalizing_changes_loudness_but_not_length(published):
    before = loudness.measure_loudness(published["raw"])
    after = loudnorm_measure(published["first"])
    assert abs(float(after["input_i"]) + 16) <= 0.5 < abs(before.integrated + 16)
    assert len(decode(published["first"])) * pcm.WIDTH == len(published["raw"])


def test_published_mp3_measures_minus_16_lufs_with_true_peak_under_minus_1_5(published):
    measured = loudnorm_measure(published["path"])
    assert abs(float(measured["input_i"]) + 16) <= 1
    assert float(measured["input_tp"]) <= -1.5


def test_mp3_decodes_to_the_length_the_timings_assume(published):
    expected = len(published["raw"]) / pcm.WIDTH * 1000 / pcm.RATE
    assert abs(decoded_ms(published["first"]) - expected) < 50
    assert abs(decoded_ms(published["path"]) - published["tags"].chapters[-1].end_ms) < 50
    assert published["info"].duration_ms == published["tags"].chapters[-1].end_ms


def test_joined_track_plays_each_part_where_its_chapter_says(published):
    article, second = decode(published["path"]), decode(published["second"])
    start = published["second_start"]

    def distance(offset: int) -> float:
        window = range(2000, 50000, 7)
        return sum(abs(article[start + offset + i] - second[i]) for i in window) / len(window)

    assert distance(0) < distance(24) / 10  # off by 1 ms already sounds different
    assert distance(0) < distance(-24) / 10


def test_mp3_is_mono_48_kbps_at_24_khz(published):
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=channels,sample_rate,bit_rate",
         "-of", "json", str(published["path"])], capture_output=True, text=True, check=True)
    stream = json.loads(probe.stdout)["streams"][0]
    assert (stream["channels"], stream["sample_rate"], stream["bit_rate"]) == (1, "24000", "48000")


def test_id3_tags_and_chapters_read_back(published):
    tags = ID3(published["path"])
    assert str(tags["TIT2"]) == "How Heroin Affects the Brain"
    assert str(tags["TPE1"]) == str(tags["TPUB"]) == "Health Library"
    assert tags["TLAN"].text == ["spa/eng"]  # ID3v2.3 lists several languages with "/"
    assert str(tags["TRCK"]) == "1/1"
    toc = tags["CTOC:toc"]
    assert toc.child_element_ids == ["chp1", "chp2"]
    chapters = [tags[f"CHAP:{element}"] for element in toc.child_element_ids]
    assert [(c.start_time, c.end_time) for c in chapters] == [
        (c.start_ms, c.end_ms) for c in published["tags"].chapters]
    assert [str(c.sub_frames["TIT2"]) for c in chapters] == ["First part", "Second part"]


def test_every_track_carries_the_cover_but_the_data_savers(published, tmp_path):
    """Players show the library's cover beside a track; the data saver spares its bytes."""
    for path in (published["path"], published["first"]):
        [picture] = ID3(path).getall("APIC")
        assert (picture.mime, picture.type, picture.desc) == ("image/png", 3, "Health Library")
        assert picture.data == COVER.png(EMBEDDED_COVER)
    lite = tmp_path / "lite.mp3"
    tracks.write_mp3(published["raw"], published["tags"], tmp_path / "full.mp3", lite)
    assert ID3(lite).getall("APIC") == []
    assert ID3(lite).getall("CHAP")


def test_chapter_frames_are_written_in_time_order(published, tmp_path):
    """A long first title made mutagen write its frame last; players read frames in order."""
    path = tmp_path / "chapters.mp3"
    path.write_bytes(published["first"].read_bytes())
    titles = ["Introduction to a very long and winding chapter title", "Care", "Help", "End"]
    chapters = tuple(Chapter(str(n), title, n * 1000, n * 1000 + 1000)
                     for n, title in enumerate(titles))
    tag_mp3(path, Tags("T", "A", "Health Library", ("en",), "1/1", chapters))
    found = ID3(path).getall("CHAP")  # in the order of the file
    assert [c.start_time for c in found] == [0, 1000, 2000, 3000]
    data = path.read_bytes()
    offsets = [data.index(title.encode("utf-16-le")) for title in titles]
    assert offsets == sorted(offsets)


def test_same_input_gives_byte_identical_mp3(published, tmp_path):
    again = tmp_path / "again.mp3"
    tracks.write_mp3(published["raw"], published["tags"], again)
    first = tracks.write_mp3(published["raw"], published["tags"], tmp_path / "first.mp3")
    assert again.read_bytes() == (tmp_path / "first.mp3").read_bytes()
    assert first.sha256 == hashlib.sha256(again.read_bytes()).hexdigest()
    (tmp_path / "first.mp3").unlink()
    assert list(tmp_path.iterdir()) == [again]  # no temporary file left behind
    joined = tmp_path / "joined.mp3"
    tracks.join_mp3([published["parts"]], [tracks.TrackCopy(joined, published["tags"])],
                    published["info"].duration_ms)
    assert joined.read_bytes() == published["path"].read_bytes()


def test_the_whole_track_is_what_ffmpeg_joins_byte_for_byte(published, tmp_path):
    """The joined track's frames and LAME header (length, seek table, the first part's encoder
    delay and the last part's padding, checksums) are those ffmpeg's concat writes; this runs
    the system's ffmpeg, not the pipeline's."""
    listing = tmp_path / "parts.txt"
    listing.write_text("".join(f"file '{path}'\n" for path in published["parts"]))
    by_ffmpeg = tmp_path / "by-ffmpeg.mp3"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "concat", "-safe", "0", "-i", str(listing),
                    "-c", "copy", "-map_metadata", "-1", "-fflags", "+bitexact", "-write_xing",
                    "1", "-id3v2_version", "0", "-f", "mp3", str(by_ffmpeg)], check=True)
    ours = joins.read_part(published["path"])  # without the ID3 tag written after
    assert ours.info + ours.audio == by_ffmpeg.read_bytes()
    assert len(ours.frames) == sum(tracks.mp3_frames(path) for path in published["parts"])


def test_a_part_that_is_not_an_mp3_of_ours_is_named(published, tmp_path):
    damaged = tmp_path / "02.mp3"
    damaged.write_bytes(published["second"].read_bytes()[:-100])
    with pytest.raises(TrackError, match=r"02\.mp3: cut short .* Delete the file and build"):
        tracks.join_mp3([[published["first"], damaged]],
                        [tracks.TrackCopy(tmp_path / "article.mp3", published["tags"])], 1000)
    assert list(tmp_path.iterdir()) == [damaged]  # nothing half-written left


def test_vtt_has_one_escaped_cue_per_sentence(published):
    spans = published["timings"][1]
    vtt = cues.render_vtt([cues.Cue(f"p.{n}", text, *span)
                           for n, (text, span) in enumerate(zip(SENTENCES, spans, strict=True), 1)])
    assert vtt.startswith("WEBVTT\n\np.1\n00:00:")
    assert "agitation &amp; &lt;cravings&gt;." in vtt
    assert vtt.count(" --> ") == 3
    assert f"{cues._timestamp(spans[2][0])} --> {cues._timestamp(spans[2][1])}" in vtt
    assert cues._timestamp(3_723_004) == "01:02:03.004"


def test_a_damaged_clip_is_a_cache_miss(tmp_path):
    cache = ClipCache(tmp_path)
    key = clip_key("espeak-ng:en-us", "en", "Hello.")
    stored = cache.store(key, "espeak-ng", Utterance(Sine(440).to_audio_segment(duration=300)))
    assert cache.load(key) == stored
    wav = next(tmp_path.rglob("*.wav"))
    wav.write_bytes(wav.read_bytes()[:-100])
    assert cache.load(key) is None
    assert cache.corrupt == 1


class FfmpegRuns(list):
    """Every ffmpeg command line run, as lists of arguments."""

    def inputs(self, run: list[str]) -> list[str]:
        return [run[n + 1] for n, arg in enumerate(run) if arg == "-i"]

    def encoding(self) -> list[list[str]]:
        return [run for run in self if "libmp3lame" in run]


@pytest.fixture
def ffmpeg_runs(monkeypatch) -> FfmpegRuns:
    """Record every ffmpeg the code under test runs (whichever module runs it)."""
    runs, real = FfmpegRuns(), subprocess.run

    def run(command, *args, **kwargs):
        if command[0] == ffmpeg_exe():  # the pipeline's, not the system's that checks it
            runs.append(list(command))
        return real(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", run)
    return runs


@pytest.fixture
def no_ffmpeg_found(monkeypatch):
    """Forget which ffmpeg was found, before and after the test."""
    ffmpeg_exe.cache_clear()
    yield monkeypatch
    ffmpeg_exe.cache_clear()


def test_the_pipeline_runs_imageio_ffmpegs_build_and_names_the_package_if_it_is_missing(
        published, tmp_path, no_ffmpeg_found):
    import imageio_ffmpeg

    assert ffmpeg_exe() == imageio_ffmpeg.get_ffmpeg_exe() != "ffmpeg"
    ffmpeg_exe.cache_clear()

    def missing():
        raise RuntimeError("No ffmpeg exe could be found.")

    no_ffmpeg_found.setattr(imageio_ffmpeg, "get_ffmpeg_exe", missing)
    with pytest.raises(TrackError, match=r"^ffmpeg: imageio-ffmpeg has no ffmpeg .*"
                                         r"pip install imageio-ffmpeg"):
        tracks.write_mp3(published["raw"], published["tags"], tmp_path / "full.mp3")
    no_ffmpeg_found.undo()  # the package as installed, pointed at a binary that is not there
    no_ffmpeg_found.setenv("IMAGEIO_FFMPEG_EXE", str(tmp_path / "gone" / "ffmpeg"))
    ffmpeg_exe.cache_clear()
    with pytest.raises(TrackError, match=r"/gone/ffmpeg not found\. .*pip install imageio-ffmpeg"):
        tracks.write_mp3(published["raw"], published["tags"], tmp_path / "full.mp3")
    assert not list(tmp_path.glob("*.mp3")) and not list(tmp_path.glob(".*"))


def bitrates(run: list[str]) -> list[str]:
    return [run[n + 1] for n, arg in enumerate(run) if arg == "-b:a"]


def test_one_ffmpeg_run_encodes_both_editions_and_no_mp3_is_decoded_to_check_it(
        published, tmp_path, ffmpeg_runs):
    """The loudness is measured on the way to the encoders: trial runs measure without
    encoding, then one run writes the full track and its data saver from the same sound."""
    full, lite = tmp_path / "full.mp3", tmp_path / "lite.mp3"
    tracks.write_mp3(published["raw"], published["tags"], full, lite)
    [encoding] = ffmpeg_runs.encoding()
    assert bitrates(encoding) == [pcm.BITRATE, pcm.LITE_BITRATE]
    assert all(ffmpeg_runs.inputs(run) == ["pipe:0"] for run in ffmpeg_runs)  # no MP3 read
    assert all(run[-3:] == ["-f", "null", "-"] for run in ffmpeg_runs if run is not encoding)
    # The published tracks, measured apart: on target (the data saver, cut lower, a little
    # quieter, within the published range), under the true-peak limit.
    for path, tolerance in ((full, 0.5), (lite, 1)):
        measured = loudnorm_measure(path)
        assert abs(float(measured["input_i"]) + 16) <= tolerance, path.name
        assert float(measured["input_tp"]) <= -1.5, path.name
    assert (MP3(full).info.bitrate, MP3(full).info.channels) == (48000, 1)
    assert (MP3(lite).info.bitrate, MP3(lite).info.channels) == (16000, 1)
    assert MP3(lite).info.sample_rate == MP3(full).info.sample_rate == pcm.RATE
    assert mp3_frames_equal(full, lite)


def mp3_frames_equal(first: Path, second: Path) -> bool:
    return tracks.mp3_frames(first) == tracks.mp3_frames(second)


def test_a_voice_too_peaky_for_the_limit_is_limited_lower_before_anything_is_encoded(
        published, ffmpeg_runs):
    """A limit that leaves the true peak over what MP3 encoding may raise is lowered in the
    trial runs; the one run that writes gets sound under it, on aim."""
    level = loudness.write_normalized(published["raw"], [["-f", "null", "-"]], limit_db=-0.1)
    limits = [float(re.search(r"alimiter=limit=([\d.]+)", " ".join(run)).group(1))
              for run in ffmpeg_runs if "alimiter" in " ".join(run)]
    assert limits[0] == pytest.approx(10 ** (-0.1 / 20), abs=1e-4)
    assert limits[-1] < limits[0]
    assert level.true_peak <= loudness.MAX_TRUE_PEAK - loudness.MP3_HEADROOM
    assert abs(level.integrated - loudness.AIM_LUFS) <= loudness.TOLERANCE_LU


def test_a_build_runs_ffmpeg_once_per_section_track_and_never_to_join_or_for_books(
        seed_project, ffmpeg_runs):
    """Each section track: one run writes both MP3 editions (the silent engine's digital
    silence needs no meter); whole-article tracks are joined without ffmpeg; the gaps between
    sections are encoded once; talking books and covers take the published MP3s as they are."""
    from web.pipeline.build import BuildOptions, build_library
    from web.pipeline.manifest import load_manifest
    from web.pipeline.settings import load_settings

    settings = load_settings(seed_project)
    build_library(settings, BuildOptions(engine="silent"))
    manifest = load_manifest(settings.audio_dir / "manifest.json")
    editions = [e for a in manifest.articles for e in a.editions.values()]
    sections = sum(len(e.sections) for e in editions)
    assert manifest.books and len(editions) == 2
    encoding = ffmpeg_runs.encoding()
    assert len(ffmpeg_runs) == len(encoding) == sections + 2
    assert sum(bitrates(run) == [pcm.BITRATE, pcm.LITE_BITRATE] for run in encoding) == sections
    assert not [path for run in ffmpeg_runs for path in ffmpeg_runs.inputs(run)
                if path.endswith(".mp3")]  # no MP3 decoded
