"""Text in a box for the PDFs: it shrinks, then wraps, and is never cut.

``fit`` first tries one line, from the wanted size down to ``shrink_to``; text
still too wide wraps at the largest size from ``shrink_to`` down to ``min_size``
(7 pt: still readable on paper) whose lines fit ``max_height``. Lines break at
spaces, after hyphens and slashes, and inside a word only when one word alone is
wider than the box. When even ``min_size`` needs more height, the block keeps all
its lines and reports its height, so the caller makes room rather than dropping
text.
"""

import re
from dataclasses import dataclass

MIN_SIZE = 7.0
LEADING = 1.18
STEP = 0.5

# A word's pieces: break after a hyphen, en dash or slash.
_PIECES = re.compile(r"[^-–/]*[-–/]+|[^-–/]+")


@dataclass(frozen=True)
class Block:
    lines: list[str]
    font: str
    size: float

    @property
    def leading(self) -> float:
        return self.size * LEADING

    @property
    def height(self) -> float:
        return len(self.lines) * self.leading

    def draw(self, pdf, x: float, top: float, *, right_aligned: bool = False) -> float:
        """Draw the lines below ``top`` (first baseline one size down); return the
        y below the block."""
        pdf.setFont(self.font, self.size)
        baseline = top - self.size
        for line in self.lines:
            if right_aligned:
                pdf.drawRightString(x, baseline, line)
            else:
                pdf.drawString(x, baseline, line)
            baseline -= self.leading
        return top - self.height


def text_width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size)


def _tokens(text: str) -> list[tuple[str, bool]]:
    """(piece, starts a new word) for each breakable piece of ``text``."""
    tokens = []
    for word in text.split():
        for index, piece in enumerate(_PIECES.findall(word)):
            tokens.append((piece, index == 0))
    return tokens


def _split_wide(piece: str, font: str, size: float, width: float) -> list[str]:
    """A piece wider than the box, cut into letters runs that fit."""
    parts, current = [], ""
    for letter in piece:
        if current and text_width(current + letter, font, size) > width:
            parts.append(current)
            current = ""
        current += letter
    return [*parts, current] if current else parts


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` as lines no wider than ``width`` points, every letter kept."""
    lines: list[str] = []
    current = ""
    for piece, new_word in _tokens(text):
        joined = f"{current} {piece}" if current and new_word else current + piece
        if text_width(joined, font, size) <= width:
            current = joined
            continue
        if current:
            lines.append(current)
        current = ""
        if text_width(piece, font, size) <= width:
            current = piece
            continue
        *whole, current = _split_wide(piece, font, size, width)
        lines.extend(whole)
    if current:
        lines.append(current)
    return lines or [""]


def fit(
    text: str,
    font: str,
    *,
    size: float,
    width: float,
    shrink_to: float | None = None,
    min_size: float = MIN_SIZE,
    max_height: float | None = None,
) -> Block:
    """The block of ``text`` at the largest size that fits (see the module)."""
    text = " ".join(text.split())
    shrink_to = max(min(shrink_to or min_size, size), min_size)
    current = size
    while current >= shrink_to:
        if text_width(text, font, current) <= width:
            return Block([text], font, current)
        current -= STEP
    current = shrink_to
    while current >= min_size:
        block = Block(wrap(text, font, current, width), font, current)
        if max_height is None or block.height <= max_height:
            return block
        current -= STEP
    return Block(wrap(text, font, min_size, width), font, min_size)
