"""``cnncalc schema``: the JSON Schema of the spec format."""

# No `from __future__ import annotations`: typer reads the command's signature (cnncalc.cli.root).

import sys

from cnncalc.cli.root import commands


@commands.command("schema")
def schema() -> None:
    """Print the JSON Schema of the spec format, for editors (yaml-language-server) and validators.

    Example:

    \b
        cnncalc schema > cnncalc.schema.json
    """
    import json

    from cnncalc.spec.schema import spec_json_schema

    sys.stdout.write(json.dumps(spec_json_schema(), indent=2, ensure_ascii=False) + "\n")
