"""``cnncalc schema``: the JSON Schema of the spec format."""

from __future__ import annotations

import sys

from cnncalc.cli.root import app


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of the spec format, for editors (yaml-language-server) and validators.

    Example:

    \b
        cnncalc schema > cnncalc.schema.json
    """
    import json

    from cnncalc.spec.schema import spec_json_schema

    sys.stdout.write(json.dumps(spec_json_schema(), indent=2, ensure_ascii=False) + "\n")
