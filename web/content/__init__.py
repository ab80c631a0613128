"""The content pipeline: articles, catalogs, voices, tracks and the manifest. Never imports Flask."""
