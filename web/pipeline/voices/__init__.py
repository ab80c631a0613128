"""The voice engines: the registry, one module per engine, the speech text, the clip cache."""
