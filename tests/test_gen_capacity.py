# SPDX-License-Identifier: Apache-2.0
"""scripts/gen_capacity.py: the generated capacity files follow
contract/capacity.mk, --check fails when they drift, and a malformed source
is refused with its line. Run by ctest as capacity_generator (the check of the
checked-in files themselves is ctest capacity_generated).

    /usr/bin/python3 -m unittest tests/test_gen_capacity.py
"""
import contextlib
import importlib.util
import io
import os
import shutil
import tempfile
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = importlib.util.spec_from_file_location("gen_capacity", os.path.join(REPO, "scripts", "gen_capacity.py"))
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)


class Checkout(unittest.TestCase):
    """A copy of the source and the generated files in a scratch root."""

    def setUp(self):
        self.root = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.root)
        for rel in (gen.SOURCE, gen.CPP_OUT, gen.SV_OUT):
            os.makedirs(os.path.join(self.root, os.path.dirname(rel)), exist_ok=True)
            shutil.copy(os.path.join(REPO, rel), os.path.join(self.root, rel))

    def run_gen(self, *args):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            rc = gen.main(["--root", self.root, *args])
        return rc, err.getvalue()

    def edit(self, rel, old, new):
        path = os.path.join(self.root, rel)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.assertIn(old, text)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(old, new, 1))

    def read(self, rel):
        with open(os.path.join(self.root, rel), encoding="utf-8") as f:
            return f.read()

    def test_checked_in_files_are_current(self):
        self.assertEqual(self.run_gen("--check"), (0, ""))

    def test_changed_source_makes_check_fail_until_regenerated(self):
        self.edit(gen.SOURCE, "HW_MAX_T            := 256", "HW_MAX_T            := 512")
        rc, err = self.run_gen("--check")
        self.assertEqual(rc, 1)
        self.assertIn(gen.CPP_OUT, err)
        self.assertIn(gen.SV_OUT, err)
        self.assertEqual(self.run_gen()[0], 0)
        self.assertIn("constexpr uint32_t kHwMaxT = 512;", self.read(gen.CPP_OUT))
        self.assertIn("localparam int unsigned HW_MAX_T = 512;", self.read(gen.SV_OUT))
        self.assertEqual(self.run_gen("--check"), (0, ""))

    def test_hand_edited_output_makes_check_fail(self):
        self.edit(gen.SV_OUT, "COSIM_MAX_T = 16;", "COSIM_MAX_T = 17;")
        rc, err = self.run_gen("--check")
        self.assertEqual(rc, 1)
        self.assertIn(gen.SV_OUT, err)
        self.assertNotIn(gen.CPP_OUT, err)

    def test_malformed_line_is_refused_with_its_number(self):
        self.edit(gen.SOURCE, "COSIM_MAX_T            := 16", "COSIM_MAX_T            = 16")
        rc, err = self.run_gen("--check")
        self.assertEqual(rc, 2)
        self.assertRegex(err, r"contract/capacity\.mk:\d+: expected `NAME := <decimal integer>`")


class Parsing(unittest.TestCase):
    def test_comments_attach_to_the_group_below(self):
        entries = gen.parse("# file header\n\n# group\nA := 1\nB := 2\n")
        self.assertEqual(entries, [("A", 1, ["group"]), ("B", 2, [])])

    def test_duplicate_is_refused(self):
        with self.assertRaisesRegex(gen.SourceError, "defined twice"):
            gen.parse("A := 1\nA := 2\n")

    def test_cpp_names(self):
        self.assertEqual(gen.cpp_name("HW_MAX_WEIGHT_BYTES"), "kHwMaxWeightBytes")
        self.assertEqual(gen.cpp_name("COSIM_LANES"), "kCosimLanes")


if __name__ == "__main__":
    unittest.main()
