"""Prints the dosesum check arguments of one peer case folder (made by ../shared/peers/gen_cases.py)."""
import json
import sys

d = sys.argv[1]
c = json.load(open(d + "/case.json"))
a = ["--course1-dose", d + "/dose_course1.dcm", "--course1-fractions", str(c["fractions"]["course1"]),
     "--course2-dose", d + "/dose_course2.dcm", "--course2-fractions", str(c["fractions"]["course2"]),
     "--structures", d + "/rtstruct.dcm"]
for k, v in c["alpha_beta"].items():
    a += ["--alpha-beta", "%s=%g" % (k, v)]
print(" ".join(a))
