# SPDX-License-Identifier: Apache-2.0
"""train/sweep.py (issue 13 item 2): every kind gets the same factor settings,
and the report names a factor as deciding an ordering only when the gap's
sign flips with p < 0.05. No torch: the runs are synthetic records.

    OMP_WAIT_POLICY=passive /usr/bin/python3 -m unittest discover -s train/tests
"""
import argparse
import contextlib
import io
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import sweep  # noqa: E402


def strip_kind(argv):
    """train.py's arguments without --model and --daf (the only ones a kind may change)."""
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
            continue
        if a in ("--model", "--daf"):
            skip = True
            continue
        out.append(a)
    return out


class SweepTest(unittest.TestCase):
    args = argparse.Namespace(epochs=3, limit_train=10000, limit_test=2000, seeds="1,2,3")

    def test_kinds_get_identical_settings(self):
        cfgs = list(sweep.configurations())
        self.assertEqual(len(cfgs), 8)
        for cfg in cfgs:
            for seed in (1, 2):
                argvs = [strip_kind(sweep.train_args(k, cfg, seed, self.args)) for k in sweep.KINDS]
                self.assertEqual(argvs[0], argvs[1])
                self.assertEqual(argvs[0], argvs[2])
                self.assertIn(cfg["surrogate"], argvs[0])
                a = argvs[0]
                self.assertEqual((a[a.index("--tau-d") + 1], a[a.index("--tau-n") + 1]), (cfg["tau"], cfg["tau"]))

    def records(self, tri_r_gain_centre):
        """bi 0.80 everywhere; tri-G 0.85; tri-R 0.75, or 0.75 + gain with centring; small seed noise."""
        out = []
        for cfg in sweep.configurations():
            for seed in (1, 2, 3):
                noise = 0.001 * seed
                acc = {"bi": 0.80 + noise, "tri-G": 0.85 - noise,
                       "tri-R": 0.75 + noise + (tri_r_gain_centre if cfg["init"] == "centre" else 0.0)}
                for k in sweep.KINDS:
                    out.append({"kind": k, **cfg, "seed": seed, "float_acc": acc[k], "golden_acc": acc[k],
                                "classes_never_predicted": []})
        return out

    def report(self, records):
        with tempfile.TemporaryDirectory() as d:
            args = argparse.Namespace(results=d, **vars(self.args))
            with contextlib.redirect_stdout(io.StringIO()):
                sweep.report(records, args)
            with open(os.path.join(d, "sweep.md")) as f:
                return f.read()

    def test_flip_is_named(self):
        text = self.report(self.records(0.10))
        self.assertIn("change an ordering (p < 0.05 and the gap's sign flips): init (tri-R vs bi), "
                      "init (tri-G vs tri-R).", text)

    def test_gap_change_without_flip_is_not_named(self):
        text = self.report(self.records(0.02))  # tri-R 0.77 with centring: still below bi
        self.assertIn("changes the gap, not the ordering", text)
        self.assertIn("sign flips): none.", text)


if __name__ == "__main__":
    unittest.main()
