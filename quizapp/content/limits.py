"""Limits on a content file: far above any real deck, always hit by a hostile one.

Decks are shared between people, so a content file is untrusted input. The shipped
files reach 53 KB, nesting depth 11 and strings of 2,700 characters; the limits
leave room to grow twenty-fold and still bound the time and memory one file costs.
README.md ("Writing content") states them; keep the two in step.
"""

MAX_FILE_BYTES = 1 * 2**20  # 1 MiB
MAX_DEPTH = 32  # nested mappings and lists
MAX_STRING_CHARS = 65_536  # one key or value
