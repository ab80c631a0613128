"""Audio: the format (pcm), ffmpeg, loudness, tracks with their tags and cues, offline downloads."""
