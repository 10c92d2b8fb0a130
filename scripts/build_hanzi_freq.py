#!/usr/bin/env python3
"""Build rules/data/hanzi-freq.txt, the character-frequency table GD101 uses.

Source: jieba 0.42.1 (PyPI, MIT licence, (c) Sun Junyi), file jieba/dict.txt:
about 349,000 words, each with a corpus frequency. A character's frequency is
the sum of the frequencies of the multi-character words that contain it
(single-character entries are skipped: their counts are inflated). The table lists every CJK character whose summed frequency is at
least MIN_FREQ, most frequent first, as `char<TAB>score` where score is
round(100 * log10(freq)). Characters not listed get the fallback score the
detector defines (rare but real).

With --bigrams it writes rules/data/hanzi-bigram.txt instead: the
two-hanzi words of the dictionary with frequency >= MIN_BIGRAM_FREQ, one line
per first character, `first<TAB>seconds` (seconds most frequent first). GD101
uses it to guess a byte lost in UTF-8-read-as-GBK mojibake (情况, not 情军).

Usage:
    pip download jieba==0.42.1 --no-deps -d /tmp/jieba
    tar xzf /tmp/jieba/jieba-0.42.1.tar.gz -C /tmp/jieba
    python3 scripts/build_hanzi_freq.py /tmp/jieba/jieba-0.42.1/jieba/dict.txt \
        > rules/data/hanzi-freq.txt
    python3 scripts/build_hanzi_freq.py --bigrams /tmp/jieba/jieba-0.42.1/jieba/dict.txt \
        > rules/data/hanzi-bigram.txt
"""

import math
import sys
from collections import Counter

# Characters below this summed frequency are noise in a 349k-word dictionary;
# the detector treats them like unseen characters.
MIN_FREQ = 10
# Two-hanzi words below this frequency add size but rarely decide a guess.
MIN_BIGRAM_FREQ = 100


def is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x3FFFF
    )


def bigrams(path: str) -> None:
    follow: dict[str, list[tuple[int, str]]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            word, n = parts[0], int(parts[1])
            if len(word) == 2 and all(is_cjk(c) for c in word) and n >= MIN_BIGRAM_FREQ:
                follow.setdefault(word[0], []).append((n, word[1]))
    out = sys.stdout
    out.write("# hanzi-bigram: two-hanzi words for GD101's lost-byte guesses.\n")
    out.write("# Derived from jieba 0.42.1 jieba/dict.txt (PyPI package jieba, MIT licence,\n")
    out.write("# (c) Sun Junyi) by scripts/build_hanzi_freq.py --bigrams: words with\n")
    out.write(f"# frequency >= {MIN_BIGRAM_FREQ}. Format: first<TAB>second characters.\n")
    for first in sorted(follow):
        seconds = "".join(c for _, c in sorted(follow[first], key=lambda r: (-r[0], r[1])))
        out.write(f"{first}\t{seconds}\n")


def main() -> None:
    if sys.argv[1] == "--bigrams":
        bigrams(sys.argv[2])
        return
    path = sys.argv[1]
    freq: Counter[str] = Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            word, n = parts[0], int(parts[1])
            # Single-character entries carry inflated counts for rare and
            # mojibake-typical characters (锛 12605, 鐨 5901); a character's
            # use inside real words is the better signal.
            if len(word) < 2:
                continue
            for ch in word:
                if is_cjk(ch):
                    freq[ch] += n
    rows = [(c, n) for c, n in freq.items() if n >= MIN_FREQ]
    rows.sort(key=lambda r: (-r[1], r[0]))
    out = sys.stdout
    out.write("# hanzi-freq: CJK character frequencies for GD101 garbled-text detection.\n")
    out.write("# Derived from jieba 0.42.1 jieba/dict.txt (PyPI package jieba, MIT licence,\n")
    out.write("# (c) Sun Junyi) by scripts/build_hanzi_freq.py: per-character sum of word\n")
    out.write("# frequencies. Format: char<TAB>round(100*log10(freq)), most frequent first.\n")
    out.write(f"# {len(rows)} characters; min summed frequency {MIN_FREQ}.\n")
    for c, n in rows:
        out.write(f"{c}\t{round(100 * math.log10(n))}\n")


if __name__ == "__main__":
    main()
