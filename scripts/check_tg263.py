#!/usr/bin/env python3
"""Checks DoseSum's TG-263 organ names against a published transcription of the TG-263 table.

Source of the standard names: the `tg263` package on PyPI (version 0.2.0, MIT, Gabriel Couture,
https://github.com/gacou54/tg263), whose `tg263/dictionary.py` lists the structures of the AAPM
TG-263 table (Mayo CS et al., Int J Radiat Oncol Biol Phys 2018;100(4):1057-1066) with their FMA IDs.
It is not part of the repository; fetch it with the ordinary client:

    pip download tg263==0.2.0 --no-deps -d /tmp/tg263 && tar xzf /tmp/tg263/tg263-0.2.0.tar.gz -C /tmp/tg263
    scripts/check_tg263.py /tmp/tg263/tg263-0.2.0/tg263/dictionary.py

Every catalogue entry (`Sources/RTCore/TG263Catalog.swift`: a paired stem stands for STEM_L and
STEM_R) and every shipped organ kind (`Sources/RTCore/OrganKind.swift`) must be a TG-263 name, exactly
(case-sensitive). Exit 0 when all are, 1 with the mismatches listed otherwise.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def standard_names(dictionary_py):
    text = open(dictionary_py, encoding="utf-8").read()
    return set(re.findall(r"Structure\(re\.compile\(r'.*?'\), '([^']+)'", text))


def ours():
    catalog = open(os.path.join(ROOT, "Sources/RTCore/TG263Catalog.swift"), encoding="utf-8").read()
    kinds = open(os.path.join(ROOT, "Sources/RTCore/OrganKind.swift"), encoding="utf-8").read()
    entries = re.findall(r'e\("([^"]+)", (true|false), "', catalog)
    entries += re.findall(r'OrganKind\(tg263Stem: "([^"]+)", isPaired: (true|false)', kinds)
    for stem, paired in entries:
        for name in ([stem + "_L", stem + "_R"] if paired == "true" else [stem]):
            yield stem, name


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    names = standard_names(sys.argv[1])
    if len(names) < 500:
        sys.exit(f"{sys.argv[1]}: only {len(names)} names read; not the TG-263 dictionary")
    bad = []
    for stem, name in ours():
        if name not in names:
            near = sorted(n for n in names if n.lower() == name.lower())
            bad.append(f"{name} (stem {stem}) is not a TG-263 name" + (f"; TG-263 spells it {', '.join(near)}" if near else ""))
    checked = len(list(ours()))
    for line in bad:
        print(line)
    print(f"{checked} names checked against {len(names)} TG-263 names: {len(bad)} mismatch(es)")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
