"""c_literal.py — text as C source for the build's generated tables
(gen_unihan.py, gen_strokes.py)."""


def c_string_lines(data, width=96):
    """The printable byte string `data` as adjacent C string literals."""
    lines = []
    for i in range(0, len(data), width):
        chunk = data[i : i + width]
        # '?' is escaped so that no "??x" trigraph can appear.
        text = chunk.replace("\\", "\\\\").replace('"', '\\"').replace("?", "\\?")
        lines.append('    "%s"' % text)
    return "\n".join(lines)
