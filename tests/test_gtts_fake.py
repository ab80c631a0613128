"""gTTS on its real code path, against a fake of Google Translate's speech endpoint."""

from __future__ import annotations

import base64
import json
import logging
import socket
import threading
import time
from itertools import pairwise
from types import MappingProxyType
from urllib.parse import parse_qs

import pytest
import responses
from pydub.generators import Sine

from web.pipeline.errors import VoiceError
from web.pipeline.settings import Settings
from web.pipeline.voices.registry import ENGINES, voice_sentence

SPANISH = "En EE. UU., p. ej. en México, la recuperación es posible."
ENGLISH = "Recovery is possible."


def endpoint(tld: str) -> str:
    return f"https://translate.google.{tld}/_/TranslateWebserverUi/data/batchexecute"


@pytest.fixture(scope="module")
def mp3() -> bytes:
    """Half a second of a 440 Hz tone as MP3, the kind of answer Google sends."""
    return Sine(440).to_audio_segment(duration=500).export(format="mp3", bitrate="48k").read()


def answer(audio: bytes) -> str:
    """Return a batchexecute answer carrying `audio`, as translate.google.* sends it."""
    payload = json.dumps([base64.b64encode(audio).decode("ascii")], separators=(",", ":"))
    rows = json.dumps([["wrb.fr", "jQ1olc", payload, None, None, None, "generic"]],
                      separators=(",", ":"))
    return f")]}}'\n\n{len(rows)}\n{rows}\n"


def spoken(call) -> list:
    """Return the [text, lang, speed, ...] a recorded request asked Google to say."""
    rpc = json.loads(parse_qs(call.request.body)["f.req"][0])
    return json.loads(rpc[0][0][1])


@pytest.fixture
def gtts(tmp_path):
    """A gTTS engine with short timeouts and delays, and a silent engine to fall back on."""
    options = {"gtts": {"timeout": 0.5, "interval": 0, "attempts": 3, "backoff": 0.01,
                        "give_up_after": 2, "es": {"tld": "com.mx"}, "en": {"tld": "com"}}}
    settings = Settings(root=tmp_path, voice_options=MappingProxyType(options))
    return ENGINES["gtts"](settings), ENGINES["silent"](settings)


@responses.activate
def test_a_spanish_sentence_is_voiced_with_the_mexican_accent_and_kept_whole(gtts, mp3):
    responses.post(endpoint("com.mx"), body=answer(mp3))
    audio = gtts[0].synthesize(SPANISH, "es")
    assert 450 <= len(audio) <= 650 and audio.channels == 1 and audio.max_dBFS > -10
    (call,) = responses.calls
    # One request with the sentence exactly as we wrote it: no "p ej" or split at "EE.".
    assert spoken(call)[:2] == [SPANISH, "es"]
    assert call.request.req_kwargs["timeout"] == 0.5


@responses.activate
def test_a_long_sentence_is_sent_in_clauses(gtts, mp3):
    responses.post(endpoint("com"), body=answer(mp3))
    sentence = ("Heroin binds to opioid receptors throughout the brain, including areas of "
                "reward, such as the nucleus accumbens and the ventral tegmental area.")
    gtts[0].synthesize(sentence, "en")
    assert [spoken(call)[0] for call in responses.calls] == [
        "Heroin binds to opioid receptors throughout the brain, including areas of reward,",
        "such as the nucleus accumbens and the ventral tegmental area.",
    ]


@responses.activate
def test_too_many_requests_is_retried_after_a_pause(gtts, mp3):
    responses.post(endpoint("com"), status=429)
    responses.post(endpoint("com"), body=answer(mp3))
    spoken, name = voice_sentence(list(gtts), ENGLISH, "en")
    assert name == "gtts" and len(spoken.audio) >= 450
    assert [call.response.status_code for call in responses.calls] == [429, 200]


@responses.activate
def test_repeated_server_errors_fall_back_to_the_next_engine(gtts, caplog):
    responses.post(endpoint("com"), status=503)
    with caplog.at_level(logging.WARNING):
        spoken, name = voice_sentence(list(gtts), ENGLISH, "en")
    assert name == "silent" and len(spoken.audio) == 60 * len(ENGLISH)
    assert len(responses.calls) == 3  # the configured number of attempts
    assert ('gtts: cannot voice "Recovery is possible.": 503 Service Unavailable from '
            "translate.google.com after 3 attempts.") in caplog.text
    # After two sentences fail in a row, the build stops asking Google.
    voice_sentence(list(gtts), ENGLISH, "en")
    assert len(responses.calls) == 6
    assert voice_sentence(list(gtts), ENGLISH, "en")[1] == "silent"
    assert len(responses.calls) == 6


@pytest.mark.parametrize("body", [
    ")]}'\n\n[[\"wrb.fr\",\"jQ1olc\",null,null,null,[3],\"generic\"]]\n",  # no audio in it
    ")]}'\n\n[[\"wrb.fr\",\"other\",\"[]\"]]\n",  # not a speech answer at all
    answer(b"this is not an mp3 file"),
])
@responses.activate
def test_a_malformed_answer_is_a_voice_error_without_retries(gtts, body):
    responses.post(endpoint("com"), body=body)
    with pytest.raises(VoiceError, match=r'^gtts: cannot voice "Recovery is possible.": '
                                         r".*(no audio|cannot be decoded)"):
        gtts[0].synthesize(ENGLISH, "en")
    assert len(responses.calls) == 1


@pytest.fixture
def black_hole(monkeypatch):
    """An HTTPS proxy on loopback that accepts connections, never answers, and counts them."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted = []

    def accept() -> None:
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:  # closed at the end of the test
                return

    threading.Thread(target=accept, daemon=True).start()
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{server.getsockname()[1]}")
    yield accepted
    server.close()
    for connection in accepted:
        connection.close()


def test_a_timeout_gives_up_and_the_next_engine_voices(gtts, black_hole, caplog):
    with caplog.at_level(logging.WARNING):
        _, name = voice_sentence(list(gtts), SPANISH, "es")
    assert name == "silent"
    assert black_hole, "gTTS never tried to reach Google"
    assert ('gtts: cannot voice "En EE. UU., p. ej. en México, la recuper…": cannot reach '
            "translate.google.com.mx (timed out). Check the internet connection, or build with "
            "--offline.") in caplog.text
    # Later sentences don't wait for Google again, and the warning is not repeated.
    caplog.clear()
    tried = len(black_hole)
    with caplog.at_level(logging.WARNING):
        assert voice_sentence(list(gtts), ENGLISH, "en")[1] == "silent"
    assert len(black_hole) == tried  # no new connection
    assert caplog.text == ""


@responses.activate
def test_requests_are_throttled(tmp_path, mp3):
    options = {"gtts": {"interval": 0.15}}
    engine = ENGINES["gtts"](Settings(root=tmp_path, voice_options=MappingProxyType(options)))
    times = []

    def reply(request):
        times.append(time.monotonic())
        return 200, {}, answer(mp3)

    responses.add_callback(responses.POST, endpoint("com"), callback=reply)
    for _ in range(3):
        engine.synthesize(ENGLISH, "en")
    assert len(times) == 3
    assert all(later - earlier >= 0.14 for earlier, later in pairwise(times))
