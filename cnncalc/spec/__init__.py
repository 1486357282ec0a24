"""Reading spec files: YAML/JSON → plain data with line marks → pydantic models."""
