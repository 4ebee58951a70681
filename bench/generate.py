#!/usr/bin/env python3
"""Deterministic customer accounts for benchmarks: the same N and seed give the same file.

Writes, into DIR:
  accounts.jsonl   one account per line, in the format of `clientele import accounts`
  sellers.txt      the sellers' e-mails (create them before importing)
  words.txt        3-6 character substrings that occur in e-mails and company names, for the
                   load driver to search with (so that no answer can be cached by the query)

Usage: bench/generate.py N SEED DIR
"""
import json
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

PRODUCTS = ["CDN", "STORAGE", "STREAMING", "DNS", "DDOS", "CLOUD"]
# How often each status appears for an enabled product; a disabled one is "new".
STATUSES = [("trial", 20), ("active", 45), ("paused", 10), ("trialend", 15), ("deleted", 10)]
FIRST = ("anna ben carla dmitri elif farid greta hiro ines jonas kira liam mona nadia omar "
         "petra quinn rosa sven tara uwe vera wim xenia yusuf zoe").split()
LAST = ("adams berg costa dietz evans fischer garcia hansen ito jensen klein lopez meyer "
        "novak olsen perez quist rossi schmidt tanaka ueda vogel wolf young zimmer").split()
SYLLABLES = ("al an ar bel bor cor dan del fen gal han kar lin lor mar nel nor pen ral "
             "ros sal tan tor val ven win zen").split()
KINDS = "Labs Systems Media Cloud Networks Studio Group Works Digital Logistics".split()
DOMAINS = "example.com example.net example.org mail.example test.example".split()
LANGS = [("en", 60), ("de", 15), ("ru", 10), ("zh", 10), ("az", 5)]


def pick(rng, weighted):
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    n, seed, out = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    sellers = [f"seller{i:03d}@reseller.example" for i in range(max(5, n // 20000))]
    start = datetime(2021, 1, 1, tzinfo=timezone.utc)
    span = int((datetime(2026, 11, 1, tzinfo=timezone.utc) - start).total_seconds())
    words = set()
    with open(out / "accounts.jsonl", "w") as f:
        for i in range(n):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            company = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
            company += " " + rng.choice(KINDS)
            email = f"{first}.{last}{i}@{company.split()[0].lower()}.{rng.choice(DOMAINS)}"
            services = {}
            for p in PRODUCTS:
                enabled = rng.random() < 0.55
                services[p] = {"enabled": enabled,
                               "status": pick(rng, STATUSES) if enabled else "new"}
            account = {
                "email": email,
                "name": f"{first.title()} {last.title()}",
                "company": company,
                "custom_id": f"C-{i:07d}",
                "lang": pick(rng, LANGS),
                "phone": f"+49 30 {rng.randint(1000000, 9999999)}",
                "is_test": rng.random() < 0.02,
                "deleted": rng.random() < 0.03,
                "seller": rng.choice(sellers) if rng.random() < 0.7 else None,
                "created_at": (start + timedelta(seconds=rng.randrange(span))).strftime(
                    "%Y-%m-%dT%H:%M:%SZ"),
                "services": services,
            }
            f.write(json.dumps(account, separators=(",", ":")) + "\n")
            if i % 97 == 0 and len(words) < 5000:
                text = rng.choice([email, company.lower()])
                size = rng.randint(3, 6)
                at = rng.randrange(0, max(1, len(text) - size))
                word = text[at:at + size]
                if word.strip() == word and " " not in word:
                    words.add(word)
    (out / "sellers.txt").write_text("".join(s + "\n" for s in sellers))
    (out / "words.txt").write_text("".join(w + "\n" for w in sorted(words)))


if __name__ == "__main__":
    main()
