"""The two languages of cnncalc's words, and which one the locale asks for.

Kept apart from the message catalogue (:mod:`cnncalc.render.i18n`), so that the command line can
declare ``--lang`` without loading every sentence.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from enum import Enum


class Lang(str, Enum):
    en = "en"
    ko = "ko"


def detect_lang(environ: Mapping[str, str] | None = None) -> Lang:
    """Korean when the locale says so (``LC_ALL``, then ``LC_MESSAGES``, then ``LANG``), else English.

    >>> detect_lang({"LANG": "ko_KR.UTF-8"}).value
    'ko'
    >>> detect_lang({"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}).value
    'en'
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return Lang.ko if value.lower().startswith("ko") else Lang.en
    return Lang.en
