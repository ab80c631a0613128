"""Errors the pipeline raises; each message says where, what, and what to do."""


class ContentError(Exception):
    """A problem with the library's content or configuration that staff can fix."""


class SettingsError(ContentError):
    """library/library.toml is not valid TOML, or holds an unknown key or a wrong value."""


class SourceError(ContentError):
    """An article source file cannot be read or imported."""


class CatalogError(ContentError):
    """A translation catalog is invalid or cannot be updated."""


class EngineError(ContentError):
    """A translation or voice engine is unknown or cannot run."""


class VoiceError(ContentError):
    """Speech could not be produced for a sentence."""


class TrackError(ContentError):
    """An audio track could not be assembled, measured or packaged."""


class BuildError(ContentError):
    """A build could not start or publish (for example, another build holds the lock)."""
