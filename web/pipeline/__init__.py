"""The content pipeline: articles → catalogs → speech → tracks → audio/manifest.json.

It never imports Flask (a test proves it): the website reads only what it publishes.
"""
