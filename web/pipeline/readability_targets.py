"""What library.toml's [readability.<lang>] tables name: a formula, and a target per kind of
edition. The settings check and the articles read these names without loading the measuring
module (readability.py), which needs the sentence splitter and the voices' text rules.
"""

from __future__ import annotations

# Kinds of edition, as library.toml's [readability.<lang>] keys name their targets.
STANDARD = "standard"
EASY_READ = "easy_read"
EDITION_KINDS = (STANDARD, EASY_READ)
# Per formula: what it is called, and whether a higher score is easier to read.
FORMULAS = {
    "flesch_kincaid_grade": ("Flesch-Kincaid grade", False),
    "fernandez_huerta": ("Fernández-Huerta", True),
    "szigriszt_pazos": ("Szigriszt-Pazos (INFLESZ)", True),
    "flesch_reading_ease": ("Flesch reading ease", True),
}
