package io.agentsafety.commands.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShellParserTest {

    private static Node.Script parse(String source) {
        return ShellParser.parse(source, 100_000).script();
    }

    /** The literal words of every simple command, in order (expansions shown as $name / $(...)). */
    private static List<List<String>> commands(String source) {
        List<List<String>> out = new ArrayList<>();
        collect(parse(source), out);
        return out;
    }

    private static void collect(Node node, List<List<String>> out) {
        if (node instanceof Node.Script s) {
            s.items().forEach(i -> collect(i.node(), out));
        } else if (node instanceof Node.AndOr a) {
            a.parts().forEach(p -> collect(p, out));
        } else if (node instanceof Node.Pipeline p) {
            p.stages().forEach(st -> collect(st, out));
        } else if (node instanceof Node.Subshell s) {
            collect(s.body(), out);
        } else if (node instanceof Node.Group g) {
            collect(g.body(), out);
        } else if (node instanceof Node.FunctionDef f) {
            collect(f.body(), out);
        } else if (node instanceof Node.Compound c) {
            c.bodies().forEach(b -> collect(b, out));
        } else if (node instanceof Node.Simple s) {
            List<String> words = new ArrayList<>();
            for (Word w : s.words()) {
                StringBuilder sb = new StringBuilder();
                for (Word.Part part : w.parts()) {
                    if (part instanceof Word.Lit lit) {
                        sb.append(lit.text());
                    } else if (part instanceof Word.Param p) {
                        sb.append('$').append(p.name());
                    } else if (part instanceof Word.CommandSub) {
                        sb.append("$(...)");
                    } else if (part instanceof Word.Tilde t) {
                        sb.append('~').append(t.user());
                    }
                }
                words.add(sb.toString());
            }
            out.add(words);
        }
    }

    @Test
    void listsPipelinesAndOperators() {
        assertEquals(List.of(List.of("a"), List.of("b"), List.of("c"), List.of("d"), List.of("e"), List.of("f")),
            commands("a; b && c || d | e & f"));
        assertEquals(List.of(List.of("a"), List.of("b")), commands("a\nb\n"));
        assertEquals(List.of(List.of("a", "x"), List.of("b")), commands("a \\\nx | \n b"));
    }

    @Test
    void anUnterminatedCaseIsASyntaxProblemNotAnException() {
        // the pattern loop used to step past the end of such a text, and the next keyword peek threw
        for (String text : List.of("case { done ", "case if x for ", "case ininwhile;; ", "; case; ( \n{ ;; ")) {
            ShellParser.Result result = ShellParser.parse(text, 10_000);
            assertTrue(result.problems().stream().anyMatch(p -> p.contains("esac")), text + " -> " + result.problems());
        }
        assertEquals(List.of(List.of("rm", "-rf", "/")), commands("case x in a) rm -rf / ;;"));
    }

    @Test
    void quotingAndEscapesProduceTheWordsBashWould() {
        assertEquals(List.of(List.of("rm", "-rf", "/")), commands("r\\m '-rf' \"/\""));
        assertEquals(List.of(List.of("echo", "a b", "c'd", "e\"f")), commands("echo \"a b\" 'c'\\''d' \"e\\\"f\""));
        assertEquals(List.of(List.of("rm", "-rf")), commands("$'\\x72\\x6d' $'-\\162f'"));
        assertEquals(List.of(List.of("echo", "#notacomment", "x")), commands("echo \\#notacomment x # a comment"));
        assertEquals(List.of(List.of("echo", "a#b")), commands("echo a#b"));
    }

    @Test
    void substitutionsNestAndQuoteIndependently() {
        Node.Script script = parse("echo \"$(echo \"$(echo 'in)ner')\")\" `echo b`");
        Node.Simple simple = assertInstanceOf(Node.Simple.class, script.items().get(0).node());
        assertEquals(3, simple.words().size());
        Word.CommandSub outer = assertInstanceOf(Word.CommandSub.class, simple.words().get(1).parts().get(0));
        assertTrue(outer.quoted());
        assertInstanceOf(Word.CommandSub.class, simple.words().get(2).parts().get(0));
    }

    @Test
    void heredocsAreReadWithTheirDelimiters() {
        Node.Pipeline pipeline = assertInstanceOf(Node.Pipeline.class, parse("cat <<'EOF' | sh\nrm -rf /\nEOF\necho after").items().get(0).node());
        Node.Simple cat = assertInstanceOf(Node.Simple.class, pipeline.stages().get(0));
        assertEquals("rm -rf /\n", cat.redirects().get(0).heredoc().body());
        assertTrue(cat.redirects().get(0).heredoc().quoted());
        assertEquals(List.of(List.of("cat"), List.of("sh"), List.of("echo", "after")), commands("cat <<'EOF' | sh\nrm -rf /\nEOF\necho after"));
        Node.Simple stripped = assertInstanceOf(Node.Simple.class, parse("cat <<-END\n\t\tx\n\tEND\n").items().get(0).node());
        assertEquals("x\n", stripped.redirects().get(0).heredoc().body());
        Node.Simple here = assertInstanceOf(Node.Simple.class, parse("base64 -d <<< aGk=").items().get(0).node());
        assertEquals("<<<", here.redirects().get(0).op());
    }

    @Test
    void compoundCommandsExposeTheirBodies() {
        assertEquals(List.of(List.of("test", "-d", "x"), List.of("rm", "-rf", "x"), List.of("echo", "no")),
            commands("if test -d x; then rm -rf x; else echo no; fi"));
        assertEquals(List.of(List.of("rm", "$f")), commands("for f in *.log; do rm \"$f\"; done"));
        assertEquals(List.of(List.of("true"), List.of("sleep", "1")), commands("while true; do sleep 1; done"));
        assertEquals(List.of(List.of("a"), List.of("b")), commands("case $x in start|go) a;; *) b;; esac"));
        Node.FunctionDef bomb = assertInstanceOf(Node.FunctionDef.class, parse(":(){ :|:& };:").items().get(0).node());
        assertEquals(":", bomb.name());
        assertEquals(List.of(List.of("rm", "-rf", "x")), commands("function clean { rm -rf x; }"));
    }

    @Test
    void redirectionsAreNotWords() {
        Node.Simple simple = assertInstanceOf(Node.Simple.class, parse("echo hi > /etc/passwd 2>&1 >>log").items().get(0).node());
        assertEquals(1, simple.words().size() - 1);
        assertEquals(3, simple.redirects().size());
        assertTrue(simple.redirects().get(0).writes());
        assertFalse(simple.redirects().get(1).writes() && simple.redirects().get(1).target() != null);
    }

    @Test
    void assignmentsArePrefixesOnlyBeforeTheCommandName() {
        Node.Simple simple = assertInstanceOf(Node.Simple.class, parse("A=1 B=\"x y\" cmd C=3").items().get(0).node());
        assertEquals(2, simple.assignments().size());
        assertEquals(2, simple.words().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo 'unterminated", "echo \"unterminated $(", "cat <<EOF\nno end", "echo `unterminated",
        "((((((", "))))", "}", "fi", "if then else", "case", "for", "$(", "${", "a |", "| b", "&& ||", ";;", "<<<",
        "f() {", "x=$(( 1 +", "\\", "echo $'\\x", "[[ -f x", "function"})
    void malformedInputIsParsedWithoutThrowing(String source) {
        ShellParser.Result result = ShellParser.parse(source, 10_000);
        assertTrue(result.nodes() >= 0);
    }

    @Test
    void deepNestingAndHugeInputsAreBounded() {
        ShellParser.Result deep = ShellParser.parse("$(".repeat(50_000) + "x" + ")".repeat(50_000), 40_000);
        assertTrue(deep.exhausted());
        ShellParser.Result wide = ShellParser.parse("a;".repeat(60_000), 40_000);
        assertTrue(wide.exhausted());
        assertTrue(wide.nodes() <= 40_001);
    }
}
