"""Debian's jupyter_kernel_test against keel's kernel, with every check it has configured
(the pager check aside: keel has no pager). Reports per-test outcomes as one JSON line."""
import unittest

import jupyter_kernel_test as jkt

from common import report


class KeelKernelTests(jkt.KernelTests):
    kernel_name = "keel"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("something went wrong")'

    completion_samples = [
        {"text": "Math.ma", "matches": {"max"}},
        {"text": "keel.Pri", "matches": {"Price"}},
    ]

    complete_code_samples = ["1 + 1", "const a = 1;", "function f() { return 1; }"]
    incomplete_code_samples = ["function f() {", "const s = `abc", "const xs = [1, 2,"]
    invalid_code_samples = [")", "let = = 1"]

    code_inspect_sample = "Math.max"

    code_generate_error = 'throw new Error("boom")'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "'keel'", "result": "'keel'"},
        {"code": "keel.Price.from('1.00010').toString()", "result": "'1.00010'"},
        {"code": "const half = 21; half * 2", "result": "42"},
        # keel's own values render through the display layer: HTML as well as text.
        {"code": "new keel.EngineError('DEMO_CODE', 'a demo error', {})", "mime": "text/html"},
    ]

    code_display_data = [
        {"code": "display({ a: 1 })", "mime": "text/plain"},
        {"code": "display(new keel.EngineError('DEMO_CODE', 'a demo error', {}))", "mime": "text/html"},
    ]

    code_history_pattern = "6 ? 7"
    supported_history_operations = ("tail", "range", "search")

    code_clear_output = "clearOutput()"


class Collect(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = {}

    def _name(self, test):
        return test.id().rsplit(".", 1)[-1]

    def addSuccess(self, test):
        super().addSuccess(test)
        self.outcomes.setdefault(self._name(test), "pass")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.outcomes[self._name(test)] = "fail"

    def addError(self, test, err):
        super().addError(test, err)
        self.outcomes[self._name(test)] = "error"

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.outcomes.setdefault(self._name(test), "skip")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            name = self._name(test)
            kind = "skip" if issubclass(err[0], unittest.SkipTest) else "fail"
            if kind == "fail" or name not in self.outcomes:
                self.outcomes[name] = kind if kind == "fail" else self.outcomes.get(name, "pass")


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(KeelKernelTests)
    runner = unittest.TextTestRunner(resultclass=Collect, verbosity=2)
    result = runner.run(suite)
    report({"testsRun": result.testsRun, "outcomes": result.outcomes,
            "problems": [str(t) + "\n" + tb for t, tb in result.failures + result.errors]})
