"""Pairwise precision and recall of a clustering against the truth, shared by evaluate.py (gx) and
splink_dedupe.py (Splink) so that both are scored exactly the same way."""
from collections import Counter


def pairs(n):
    return n * (n - 1) // 2


def score(assignments):
    """assignments: (true person, predicted cluster) per record.
    Returns dict(true_pairs, predicted_pairs, true_positive_pairs, precision, recall)."""
    tp = sum(pairs(n) for n in Counter(assignments).values())
    predicted = sum(pairs(n) for n in Counter(c for _, c in assignments).values())
    true = sum(pairs(n) for n in Counter(t for t, _ in assignments).values())
    return dict(true_pairs=true, predicted_pairs=predicted, true_positive_pairs=tp,
                precision=tp / predicted if predicted else 1.0, recall=tp / true if true else 1.0)
