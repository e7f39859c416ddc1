package io.agentsafety.commands.analysis;

import io.agentsafety.commands.CommandAnalyzer;
import io.agentsafety.commands.CommandVerdict;
import io.agentsafety.commands.RuleConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Comments in interpreter code are not calls; anything that could make the pass lose track of strings keeps the code. */
class CodeCommentsTest {

    private static final CommandAnalyzer ANALYZER = CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS);

    @ParameterizedTest
    @ValueSource(strings = {
        "python3 -c \"import shutil  # never shutil.rmtree('/') here\nprint('ok')\"",
        "python3 -c \"x = 1  # os.system('rm -rf /')\"",
        "python3 - <<'PY'\n# old: shutil.rmtree(os.path.expanduser('~'))\nprint(1)\nPY",
        "node -e \"// fs.rmSync('/', {recursive: true})\nconsole.log('ok')\"",
        "node -e \"/* require('child_process').execSync('rm -rf ~') */ console.log(1)\"",
        "python3 -c \"s = 'a # b'  # shutil.rmtree('/')\nprint(s)\""})
    void commentsAreNotCalls(String command) {
        assertEquals(CommandVerdict.ALLOW, ANALYZER.analyzeShell(command).verdict(), command);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // the call is code, the # or // sits in a string
        "python3 -c \"print('#'); import shutil; shutil.rmtree('/etc')\"",
        "python3 -c \"s = '''# text'''; import os; os.system('rm -rf ~')\"",
        "node -e \"const s = '// not a comment'; require('fs').rmSync('/', {recursive: true})\"",
        // the call comes before the comment, or on the next line
        "python3 -c \"import shutil; shutil.rmtree('/')  # cleanup\"",
        "python3 -c \"import os\n# cleanup\nos.system('rm -rf /')\"",
        // a regular expression holding a quote would make a scanner misread the strings: the code is kept whole
        "node -e \"const c = 'rm -rf /'; /a\\// ; require('child_process').execSync(c) // x\"",
        "node -e \"const r = /'/; require('child_process').execSync('rm -rf ~') // '\"",
        // an f-string's expression may reuse its quote (Python 3.12): kept whole
        "python3 -c \"d = {}; f\\\"{d[\\\"#\\\"]}\\\"; import shutil; shutil.rmtree('/')\"",
        // Ruby and Perl are not touched
        "ruby -e 'x = 1 if \"a\" =~ /#/; FileUtils.rm_rf(\"/\")'",
        "perl -e 'rmtree(\"/\") # cleanup'"})
    void codeOutsideCommentsIsStillRead(String command) {
        assertNotEquals(CommandVerdict.ALLOW, ANALYZER.analyzeShell(command).verdict(), command);
    }
}
