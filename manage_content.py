#!/usr/bin/env python3
"""manage_content.py: import articles, sync and draft translations, voice and publish the library.

A thin command line over web/pipeline (the commands are in commands/): options -> Settings ->
one pipeline call -> print. Problems with content become `Error: <where>: <what>. <what to do>`
and exit code 1.
"""

from commands import articles, publishing, translations  # noqa: F401  (each adds its commands)
from commands.group import cli

if __name__ == "__main__":
    cli()
