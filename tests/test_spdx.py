# SPDX-License-Identifier: Apache-2.0
"""scripts/spdx.py: which files count as source, where --fix puts the licence
line, and that fixing twice changes nothing. Run by ctest as spdx_script.

    /usr/bin/python3 -m unittest tests/test_spdx.py
"""
import importlib.util
import os
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = importlib.util.spec_from_file_location("spdx", os.path.join(REPO, "scripts", "spdx.py"))
spdx = importlib.util.module_from_spec(spec)
spec.loader.exec_module(spdx)
TAG = "SPDX-License-Identifier: Apache-2.0"


class WhatIsSource(unittest.TestCase):
    def test_prefixes(self):
        cases = {
            "sim/golden/golden_model.cpp": "//", "hls/compat/ap_int.h": "//", "rtl/trinity_core.sv": "//",
            "train/train.py": "#", "CMakeLists.txt": "#", "host/runtime/xrt.cmake": "#", "mk/train.mk": "#",
            "Makefile": "#", "bench/run_bench.sh": "#", "hls/run_hls.tcl": "#",
            "constraints/trinity_core_rtl.xdc": "#",
            "docs/results.md": None, "models/x.trn": None, "data/aab/a.csv": None, "train/runs/a.log": None,
            "train/daf/a.json": None, "constraints/u250.cfg": None, "tests/data/notes.txt": None,
        }
        for path, want in cases.items():
            self.assertEqual(spdx.comment_prefix(path, ""), want, path)

    def test_extensionless_scripts_by_shebang(self):
        self.assertEqual(spdx.comment_prefix(".ci/run", "#!/usr/bin/env bash"), "#")
        self.assertEqual(spdx.comment_prefix("tools/x", "#!/usr/bin/python3"), "#")
        self.assertIsNone(spdx.comment_prefix("LICENSE", "Apache License"))


class Insertion(unittest.TestCase):
    def check(self, text, prefix, want):
        got = spdx.insert_tag(text, prefix)
        self.assertEqual(got, want)
        self.assertTrue(spdx.has_tag(got))  # so --fix leaves the result alone: fixing twice changes nothing

    def test_first_line(self):
        self.check("// Golden model.\nint x;\n", "//", "// %s\n// Golden model.\nint x;\n" % TAG)
        self.check("cmake_minimum_required(VERSION 3.16)\n", "#", "# %s\ncmake_minimum_required(VERSION 3.16)\n" % TAG)

    def test_after_shebang_and_coding(self):
        self.check("#!/usr/bin/python3\n\"\"\"Doc.\"\"\"\n", "#", "#!/usr/bin/python3\n# %s\n\"\"\"Doc.\"\"\"\n" % TAG)
        self.check("#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\nx = 1\n", "#",
                   "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n# %s\nx = 1\n" % TAG)
        self.check("#!/bin/sh", "#", "#!/bin/sh\n# %s\n" % TAG)

    def test_crlf_and_empty(self):
        self.check("int x;\r\n", "//", "// %s\r\nint x;\r\n" % TAG)
        self.check("", "#", "# %s\n" % TAG)

    def test_only_the_first_five_lines_count(self):
        self.assertTrue(spdx.has_tag("a\nb\nc\nd\n# %s\n" % TAG))
        self.assertFalse(spdx.has_tag("a\nb\nc\nd\ne\n# %s\n" % TAG))


class CheckOnTheTree(unittest.TestCase):
    def test_fixed_parts_pass(self):
        # the parts already fixed (train/, scripts/, tests/test_spdx.py) stay fixed
        self.assertEqual(spdx.main(["--check", "train", "scripts", "tests/test_spdx.py"]), 0)


if __name__ == "__main__":
    unittest.main()
