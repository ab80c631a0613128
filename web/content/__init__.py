"""The content pipeline: articles, catalogs, voices, tracks, manifest. It never imports Flask."""
