"""A build's progress as staff see it: on a terminal a bar, in a log a line at each tenth, each
with the time left; then a line for each product the build makes after its tracks.

The time left is worked out from each kind of step at its own pace (sentences voiced, tracks
made): with the silent engine every sentence is voiced in the first seconds, and counting them
as tracks said a build was nearly done when most of its tracks were still to make.
"""

from __future__ import annotations

import time
from contextlib import ExitStack

import click

from web.pipeline.progress import BuildProgress

LOG_EVERY = 5.0  # seconds between two progress lines in a log: a short build prints none


def time_left(progress: BuildProgress, elapsed: float) -> float | None:
    """Return the seconds the voicing and packaging still need, each kind of step at the pace
    it has kept so far (the slower decides), or None before each unfinished kind has a pace."""
    lefts = []
    for done, total in ((progress.voiced, progress.to_voice), (progress.tracks,
                                                                 progress.to_make)):
        if done < total:
            if not done:
                return None
            lefts.append(elapsed * (total - done) / done)
    return max(lefts, default=0.0)


def describe(progress: BuildProgress, elapsed: float) -> tuple[int, str]:
    """Return how far the voicing and packaging are, in percent of their time, and the line
    that says it ("3995 of 3995 sentences voiced, 412 of 832 tracks made (52 %), about 30 s
    left")."""
    steps = [f"{progress.tracks} of {progress.to_make} tracks made"]
    if progress.to_voice:
        steps.insert(0, f"{progress.voiced} of {progress.to_voice} sentences voiced")
    left = time_left(progress, elapsed)
    if left is None:
        done = progress.voiced + progress.tracks
        percent = done * 100 // max(progress.to_voice + progress.to_make, 1)
        when = "time left not known yet"
    else:
        percent = min(int(elapsed * 100 // (elapsed + left)), 99) if left else 100
        when = f"about {_duration(left)} left"
    if percent == 100:  # the products come next, each with a line of its own
        return percent, f"{', '.join(steps)} (100 %)"
    return percent, f"{', '.join(steps)} ({percent} %), {when}"


def progress_bar(stack: ExitStack, label: str):
    """Return a build's progress callback: on a terminal, a bar on stderr with the time left;
    otherwise (a log) a plain line at each tenth, at most every LOG_EVERY seconds; then, in a
    build long enough to show its progress, a line for each product phase."""
    stderr, started = click.get_text_stream("stderr"), time.monotonic()
    shown = [0, started, ""]  # the last tenth shown, when, and the last phase
    bars: list = []

    def on_terminal(progress: BuildProgress) -> None:
        if progress.phase:
            if bars:
                bars.pop().__exit__(None, None, None)
            if progress.phase != shown[2]:
                shown[2] = progress.phase
                click.echo(f"{label}: making {progress.phase}…", err=True)
            return
        if not bars:
            bar = click.progressbar(length=progress.to_voice + progress.to_make, label=label,
                                    file=stderr, show_pos=True, show_eta=False,
                                    item_show_func=lambda text: text)
            bars.append(bar.__enter__())
            stack.callback(lambda: bars and bars.pop().__exit__(None, None, None))
        bar = bars[0]
        text = describe(progress, time.monotonic() - started)[1]
        bar.update(progress.voiced + progress.tracks - bar.pos, current_item=text)

    def in_log(progress: BuildProgress) -> None:
        now = time.monotonic()
        if progress.phase:  # a short build (under LOG_EVERY) says nothing of its products
            if progress.phase != shown[2] and now - started >= LOG_EVERY:
                shown[2] = progress.phase
                click.echo(f"{label}: making {progress.phase}…", err=True)
            return
        percent, text = describe(progress, now - started)
        # The line saying every track is made comes at once in a long build: the products next.
        due = now - shown[1] >= LOG_EVERY or (percent == 100 and now - started >= LOG_EVERY)
        if percent // 10 > shown[0] and due:
            shown[:2] = [percent // 10, now]
            click.echo(f"{label}: {text}", err=True)

    return on_terminal if stderr.isatty() else in_log


def _duration(seconds: float) -> str:
    """Say a time left as people say it: "40 s", "3 min", "1 h 5 min"."""
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60} min"
