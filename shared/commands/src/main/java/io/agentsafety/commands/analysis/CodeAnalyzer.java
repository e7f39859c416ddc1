package io.agentsafety.commands.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Best-effort analysis of Python, Perl, Ruby, Node and PHP snippets: shell strings they hand to the system
 * ({@code os.system}, {@code subprocess.run}, {@code child_process.execSync}, {@code system}, backticks...) are
 * extracted for the shell analysis, and destructive library calls are translated to their shell equivalent
 * ({@code shutil.rmtree('/')} is {@code rm -rf /}). Arguments that are not literals are reported unresolved.
 */
final class CodeAnalyzer {

    /** Shell commands found, code to analyse again in the same language (eval'ed literals), what stays unresolved. */
    record Extraction(List<String> shellCommands, List<String> nestedCode, List<String> unresolved, boolean forkBomb,
                      List<String> urls, boolean reverseShell) {
    }

    /** Opening an outgoing network connection, in any of the interpreters' spellings. */
    private static final Pattern NET_CONNECT = Pattern.compile(
        "\\bsocket\\.socket\\b|\\bcreate_connection\\b|\\bconnect\\s*\\(|\\bfsockopen\\b|\\bTCPSocket\\b|\\bnet\\.Socket\\b"
            + "|\\bnet\\.connect\\b|\\bnew\\s+Socket\\b|IO::Socket::INET|\\bSocket\\.tcp\\b");
    /** Handing the process's standard streams or an interactive shell to something: dup2, pty, open(STDIN, ">&S")... */
    private static final Pattern STDIO_HANDOFF = Pattern.compile(
        "\\bdup2\\s*\\(|\\bpty\\.spawn\\b|\\bopen\\s*\\(\\s*STD(?:IN|OUT|ERR)\\s*,\\s*[\"']?[<>+]*&|[<>]&\\s*%d"
            + "|\\.pipe\\s*\\(\\s*\\w+\\.stdin\\s*\\)|\\b(?:ba|z|da)?sh\\s+-i\\b");

    /** Dynamic evaluation of code in the snippet's own language. */
    private static final Pattern CODE_EVAL = Pattern.compile(
        "(?<![\\w.$])(?:exec|eval|compile|instance_eval|class_eval|new\\s+Function|Function)\\s*\\(\\s*|(?<![\\w.$])eval\\s+(?=[\"'])"
            // Node's vm module runs a string as JavaScript
            + "|\\.(?:runInThisContext|runInNewContext|runInContext)\\s*\\(\\s*|\\bnew\\s+(?:vm\\.)?Script\\s*\\(\\s*");
    /** Base64 decoding of a literal, in the common library spellings. */
    private static final Pattern B64_LITERAL = Pattern.compile(
        "(?:b64decode|decodebytes|decodestring|Base64\\.decode64|Base64\\.strict_decode64|decode_base64|atob|Buffer\\.from)"
            + "\\s*\\(\\s*[bru]?['\"]([A-Za-z0-9+/=_-]{4,65536})['\"]");

    /** Calls whose first argument is a command line (string) or argv (list). */
    private static final Pattern EXEC_CALL = Pattern.compile(
        "(?<![\\w.])(?:os\\.system|os\\.popen|subprocess\\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)"
            + "|commands\\.getoutput|pty\\.spawn|os\\.exec[lv]p?e?|os\\.spawn[lv]p?e?|sh\\.Command"
            + "|(?:child_process\\.|cp\\.)?(?:execSync|exec|spawnSync|spawn|execFileSync|execFile)"
            + "|system|shell_exec|passthru|proc_open|popen|IO\\.popen|Open3\\.(?:capture2e?|capture3|popen3|popen2)"
            // a name in a destructuring list or assigned to ({execSync} = require(..), {exec, spawn} = ..., exec = f(..))
            // is bound, not called; passed as a value (f(execSync, ...)) it still needs approval
            + "|Kernel\\.(?:system|exec|spawn)|Process\\.spawn"
            // Scala's sys.process: Process("CMD").! (a command line or a Seq of words; .! and .!! run it)
            + "|(?:scala\\.sys\\.process\\.|sys\\.process\\.)?Process(?=\\s*\\(\\s*(?:\"|Seq\\s*\\())"
            + "|Bun\\.spawn(?:Sync)?|Runtime\\.getRuntime\\(\\)\\.exec|(?:new\\s+)?ProcessBuilder)"
            + "(?!\\w)(?!\\s*(?:\\}|=(?!=)|,[^(){};]{0,200}\\}\\s*=(?!=)))\\s*\\(?\\s*"
            + "|(?:os\\.execute|io\\.popen)\\s*\\(?\\s*"
            // R's system2 and AppleScript's do shell script "CMD"
            + "|(?<![\\w.])system2\\s*\\(\\s*|\\bdo\\s+shell\\s+script\\s+"
            + "|\\)\\s*\\.(?:execSync|exec|spawnSync|spawn|execFileSync|execFile|system|popen)\\s*\\(\\s*");
    /** Library calls that delete recursively; the argument is a path. */
    private static final Pattern RMTREE_CALL = Pattern.compile(
        "(?<![\\w])(?:shutil\\.rmtree|FileUtils\\.(?:rm_rf|rm_r|remove_dir|remove_entry(?:_secure)?|rmtree)|rmtree|remove_tree"
            + "|fs\\.(?:rmSync|rmdirSync|rm|rmdir|promises\\.rm)|fsPromises\\.rm|fse?\\.(?:removeSync|remove|emptyDirSync)|rimraf(?:\\.sync)?"
            + "|Dir\\.rmdir)\\s*\\(\\s*"
            // Groovy's new File('/x').deleteDir(), Kotlin's File("/x").deleteRecursively() (also of File(System.getProperty("user.home")))
            + "|(?<![\\w])(?:new\\s+)?(?:java\\.io\\.)?File\\s*\\(\\s*(?=(?:[^()\\n]|\\([^()\\n]{0,120}\\)){0,300}\\)\\s*\\.(?:deleteDir|deleteRecursively)\\s*\\()"
            + "|\\.(?:rmSync|rmdirSync|removeSync|emptyDirSync|promises\\.rm(?:dir)?)\\s*\\(\\s*|(?<![\\w.])Deno\\.remove\\s*\\(\\s*"
            // R's unlink(p, recursive = TRUE) and Julia's rm(p, recursive=true), also rm(joinpath(homedir(), "x"), recursive=true)
            + "|(?<![\\w.])(?:unlink|rm)\\s*\\((?=(?:[^()]|\\((?:[^()]|\\([^()]{0,80}\\)){0,200}\\)){0,400}\\brecursive\\s*=\\s*(?:TRUE|T|true)\\b)\\s*"
            // Perl calls without parentheses: rmtree "/var/www", File::Path::remove_tree '/srv'
            + "|(?<![\\w$])(?:rmtree|remove_tree)\\s+(?=[\"'])");
    private static final Pattern UNLINK_CALL = Pattern.compile(
        "(?<![\\w])(?:os\\.remove|os\\.unlink|File\\.delete|File\\.unlink|fs\\.unlinkSync|fs\\.unlink|unlink)\\s*\\(\\s*"
            // Perl: unlink(glob("/etc/*"))
            + "(?:glob\\s*\\(\\s*)?"
            // Perl without parentheses: unlink "a.txt", unlink glob "/etc/*", unlink glob("/etc/*")
            + "|(?<![\\w$])unlink\\s+(?:glob\\s*\\(?\\s*)?(?=[\"'])"
            // Python's pathlib: Path('/etc/hosts').unlink(), which ConstantFolder has made '/etc/hosts'.unlink()
            + "|(?<![\\w.'\"])(?=(?:'[^'\\n]*'|\"[^\"\\n]*\")\\s*\\.unlink\\s*\\()");
    /**
     * A loop over a directory's entries ({@code for f in os.listdir('.')}, {@code [... for p in Path('/srv').iterdir()]})
     * or a glob's matches ({@code glob.glob('/data/*')}): group 1 the loop variable; the listed directory or pattern follows the match.
     */
    private static final Pattern LISTED_ENTRIES = Pattern.compile(
        "\\bfor\\s+(\\w+)\\s+in\\s+(?:(?:os\\.(?:listdir|scandir)|glob\\.i?glob)\\s*\\(\\s*"
            // Path('/srv').iterdir(), made '/srv'.iterdir() by ConstantFolder
            + "|(?=(?:'[^'\\n]*'|\"[^\"\\n]*\")\\s*\\.iterdir\\s*\\())");
    private static final LiteralGate MAY_LIST = LiteralGate.anyOf("listdir", "scandir", "glob", "iterdir");
    /**
     * Lookups that yield a function or module from a name computed at run time, on the modules that run commands
     * ({@code getattr(os, name)}, {@code __import__(name)}, {@code importlib.import_module(name)},
     * {@code child_process[name]}, {@code send(name, ...)} on Kernel/IO/Process, Node's {@code process.binding('spawn_sync')}).
     */
    private static final Pattern DYNAMIC_LOOKUP = Pattern.compile(
        "\\bgetattr\\(\\s*(?:os|posix|nt|subprocess|shutil|pty|commands|builtins|__builtins__|importlib|sys\\.modules\\[[^\\]]*\\])\\s*,\\s*(?!['\"]\\w+['\"]\\s*\\))[^)]{1,120}\\)"
            + "|(?:\\b__import__|\\bimport_module)\\(\\s*(?!['\"][\\w.]+['\"]\\s*[,)])[^)]{1,120}\\)"
            + "|\\b(?:os|posix|subprocess|shutil|pty)\\.__dict__\\s*\\["
            // require('child_process')['exec' + 'Sync'], cp[name]
            + "|(?:child_process(?:['\"]\\s*\\))?|\\bcp)\\s*\\[\\s*(?!['\"]\\w+['\"]\\s*\\])[^\\]]{1,120}\\]"
            // Node's internal process-spawning bindings, which run commands without child_process
            + "|\\bprocess\\.(?:binding|_linkedBinding)\\(\\s*['\"](?:spawn_sync|process_wrap|pipe_wrap)['\"]\\s*\\)"
            + "|\\b(?:Kernel|IO|Process|Open3|FileUtils)\\.(?:send|public_send|method)\\(\\s*(?![:'\"]\\w+['\"]?\\s*[,)])[^,)]{1,120}");
    /**
     * A function that runs commands or deletes recursively, or a module of them, bound to another name — then called
     * under that name, which no call pattern sees ({@code f = shutil.rmtree; f('/')}, {@code import subprocess as sp},
     * {@code const run = require('child_process').execSync}, {@code const {rmSync: r} = require('fs')},
     * {@code FileUtils.method(:rm_rf)}, {@code map(shutil.rmtree, dirs)}). Such a reference is not judged, it needs
     * approval. A name followed by its call is not one, nor a name kept by a destructuring list ({@code {execSync}}:
     * the call under it is seen).
     */
    private static final Pattern BOUND_ELSEWHERE = Pattern.compile(
        "(?<![\\w$])(?:os\\.(?:system|popen|exec[lv]p?e?|spawn[lv]p?e?|remove|unlink|rmdir|removedirs)"
            + "|subprocess\\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|pty\\.spawn"
            + "|shutil\\.rmtree|FileUtils\\.(?:rm_rf|rm_r|remove_dir|remove_entry(?:_secure)?|rmtree)"
            + "|(?<=\\.)(?:execSync|execFileSync|spawnSync|execFile|rmSync|rmdirSync|removeSync|emptyDirSync))"
            + "(?![\\w$])(?!\\s*(?:\\(|\\?\\.\\())"
            // in a destructuring list a name followed by ',' or '}' keeps its name (its calls are seen); renamed, it does not
            + "|(?<=[{,]\\s{0,8})(?:execSync|execFileSync|spawnSync|execFile|exec|spawn|rmSync|rmdirSync|removeSync|emptyDirSync)\\s*:"
            + "|\\bimport\\s+(?:os|subprocess|shutil|pty|posix)\\s+as\\s+\\w"
            + "|\\bfrom\\s+(?:os|subprocess|shutil|pty|posix)\\s+import\\s+[^\\n;]*\\b(?:system|popen|exec[lv]p?e?|spawn[lv]p?e?|remove"
            + "|unlink|rmdir|removedirs|run|call|check_call|check_output|Popen|getoutput|getstatusoutput|rmtree)\\s+as\\s+\\w"
            + "|\\.method\\(\\s*:?['\"]?(?:rm_rf|rm_r|remove_dir|remove_entry|rmtree|system|exec|spawn|popen)\\b");
    /** The Python modules' part of {@link #BOUND_ELSEWHERE}: judged only in Python (or code of unknown language). */
    private static final Pattern PYTHON_BOUND = Pattern.compile("(?:os|subprocess|shutil|pty)\\.|import\\b|from\\b");
    private static final LiteralGate MAY_BIND = LiteralGate.anyOf("os.", "subprocess.", "pty.", "shutil.", "FileUtils.",
        "Sync", "exec", "spawn", " as ", "method(");
    private static final Pattern AWK_PRINT_TO_SHELL = Pattern.compile(
        "\\bprintf?\\s*\\(?\\s*\"((?:[^\"\\\\\\n]|\\\\.){1,4000})\"\\s*\\)?\\s*\\|\\s*\"(?:/bin/|/usr/bin/)?(?:sh|bash|dash|zsh|ksh)\"");
    private static final Pattern AWK_PIPE = Pattern.compile(
        "\\|\\s*\"([^\"\\n]{1,4000})\"|\"([^\"\\n]{1,4000})\"\\s*\\|\\s*getline");
    private static final Pattern AWK_DYNAMIC_PIPE = Pattern.compile(
        "\\bprintf?\\b[^;{}\\n|]{0,400}\\|\\s*[A-Za-z_$(]|[A-Za-z_)]\\s*\\|\\s*getline");
    private static final Pattern BACKTICK = Pattern.compile("`([^`\\n]{1,4000})`");
    /** Groovy runs a string as a command: {@code "rm -rf /".execute()}; so does Scala's sys.process: {@code "rm -rf /".!}. */
    private static final Pattern STRING_EXECUTE = Pattern.compile("([\"'])((?:(?!\\1)[^\\\\\\n]|\\\\.){1,4000})\\1\\s*(?:\\.execute\\s*\\(|\\.!!?(?![=\\w]))");
    /**
     * Deno's {@code new Deno.Command("rm", {args: ["-rf", "/"]})}: group 2 the program; when an {@code args} list
     * follows, the match ends at its {@code [}. (The older {@code Deno.run({cmd: [...]})} is an argv list, as Bun.spawn's.)
     */
    private static final Pattern DENO_COMMAND = Pattern.compile(
        "(?<![\\w.])(?:new\\s+)?Deno\\.Command\\s*\\(\\s*(?:([\"'])([^\"'\\n]{1,200})\\1(?:\\s*,\\s*\\{[^}\\[]{0,200}?\\bargs\\s*:\\s*(?=\\[))?)?"
            + "|(?<![\\w.])Deno\\.run\\s*\\(\\s*\\{[^}\\[]{0,200}?\\bcmd\\s*:\\s*(?=\\[)");
    private static final LiteralGate MAY_DENO = LiteralGate.anyOf("Deno.");
    /** A list literal run as argv: Groovy's {@code ["bash", "-c", "CMD"].execute()} (the list ends at the match's start). */
    private static final Pattern LIST_EXECUTE = Pattern.compile("\\]\\s*\\.execute\\s*\\(");
    private static final Pattern QX = Pattern.compile("(?<![\\w$])(?:qx|%x)\\s*([({\\[|/!])");
    private static final Pattern INFINITE_LOOP = Pattern.compile(
        "while\\s*\\(?\\s*(?:1|true|True)\\s*\\)?\\s*[:{]|while\\s*\\(?\\s*(?:1|true)\\s*\\)?\\s*do\\b|\\bloop\\s*(?:do|\\{)"
            + "|for\\s*\\(\\s*;\\s*;\\s*\\)|while\\s+1\\b|\\bwhile\\s+true\\b"
            // a C-like loop whose body is one statement: while(1) fork(), while (true) cp.fork(__filename)
            + "|\\bwhile\\s*\\(\\s*(?:1|true|!0)\\s*\\)\\s*(?!;)");
    private static final Pattern FORK = Pattern.compile("\\bfork\\b");
    private static final Pattern URL = Pattern.compile("https?://[^\\s'\"`)<>]+");
    /**
     * A method call (or, Ruby and Perl style, a bare method name) on some object: {@code client.deleteIndex('x')},
     * {@code r.flushall()}, {@code User.delete_all}, {@code $redis->flushdb}. Group 1 is the method's name.
     */
    private static final Pattern METHOD_CALL = Pattern.compile("(?:\\.|->)([A-Za-z][A-Za-z0-9_]{2,60})(?=\\s*\\(|\\s*(?:$|[;)}\\n]))");
    /** An ORM's or SDK's "everything" query deleted at once: {@code Model.objects.all().delete()}, {@code bucket.objects.all().delete()}. */
    private static final Pattern ALL_DELETED = Pattern.compile("\\.all\\(\\s*\\)\\s*\\.(?:delete|destroy)\\s*\\(");
    private static final ResourceDeletes SERVICE_VOCABULARY = ResourceDeletes.builtIn();
    // What every match of each pattern contains (one alternative at a time; see LiteralGate): scans skipped without it.
    private static final LiteralGate MAY_CONNECT = LiteralGate.anyOf("socket", "Socket", "connect", "fsockopen");
    private static final LiteralGate MAY_EXEC = LiteralGate.anyOf("exec", "spawn", "system", "popen", "subprocess.",
        "commands.getoutput", "passthru", "proc_open", "Open3.", "sh.Command", "shell", "ProcessBuilder", "Process(");
    private static final LiteralGate MAY_EVAL = LiteralGate.anyOf("exec", "eval", "compile", "Function", "runIn", "Script");
    private static final LiteralGate MAY_RMTREE = LiteralGate.anyOf("rmtree", "FileUtils.", "remove_tree", "fs", "rimraf",
        "rmdir", "Sync", "recursive", "deleteDir", "deleteRecursively");
    private static final LiteralGate MAY_UNLINK = LiteralGate.anyOf("os.remove", "unlink", "File.delete");
    private static final LiteralGate MAY_LOOK_UP = LiteralGate.anyOf("getattr(", "__import__(", "import_module(", "__dict__",
        "child_process", "cp", "send(", "method(", "inding(");
    private static final LiteralGate MAY_BACKTICK = LiteralGate.anyOf("`");
    private static final LiteralGate MAY_QX = LiteralGate.anyOf("qx", "%x");
    private static final LiteralGate MAY_EXECUTE = LiteralGate.anyOf(".execute", ".!");
    private static final LiteralGate MAY_KILL = LiteralGate.anyOf("kill");
    private static final LiteralGate MAY_FORK = LiteralGate.anyOf("fork");
    private static final Pattern KILL_ALL = Pattern.compile("(?:os\\.kill|process\\.kill|Process\\.kill|kill)\\s*\\(\\s*(?:-1|9|'KILL'|:KILL|signal\\.SIGKILL)\\s*,\\s*(-1|0)\\s*\\)"
        + "|(?:os\\.kill|process\\.kill)\\s*\\(\\s*-1\\b");

    Extraction extract(String language, String code) {
        String lang = language == null ? "" : language.toLowerCase(Locale.ROOT);
        List<String> shell = new ArrayList<>();
        List<String> nested = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        if (code == null) {
            return new Extraction(shell, nested, unresolved, false, List.of(), false);
        }
        code = ConstantFolder.fold(CodeComments.strip(lang, code), lang);
        // a call spelled inside a string literal's text (print('shutil.rmtree(x)'), a docstring) is not a call
        InertStrings.Lazy inert = new InertStrings.Lazy(lang, code);
        Map<String, String> assignments = Literals.assignments(code);
        Matcher exec = EXEC_CALL.matcher(code);
        boolean mayExec = MAY_EXEC.mayMatch(code); // once: a loop condition re-scanning per match would be quadratic
        while (mayExec && exec.find()) {
            if (inText(inert, exec.start())) {
                continue;
            }
            String callee = exec.group().replaceAll("[\\s(]+$", "");
            Literals.Value value = Literals.commandArgument(code, exec.end(), assignments);
            if (value == null) {
                continue;
            }
            if (value.text() != null) {
                // Strings are command lines; lists are argv, already joined with quoting by Literals.
                shell.add(value.text() + (value.list() ? "" : moreArguments(code, exec.end())));
            } else if (!callee.equals("exec") || !lang.equals("python")) {
                Matcher b64 = B64_LITERAL.matcher(value.source());
                String decoded = b64.find() ? Producers.base64(b64.group(1)) : null;
                if (decoded != null) {
                    shell.add(decoded);
                } else {
                    unresolved.add("the command passed to " + callee + "() is not a literal: " + Interpreter.abbreviate(value.source()));
                }
            }
        }
        Matcher eval = CODE_EVAL.matcher(code);
        boolean mayEval = MAY_EVAL.mayMatch(code);
        while (mayEval && eval.find() && nested.size() + unresolved.size() < 32) {
            if (inText(inert, eval.start())) {
                continue;
            }
            Literals.Value value = Literals.commandArgument(code, eval.end(), assignments);
            if (value == null) {
                continue;
            }
            if (value.text() != null) {
                nested.add(value.text());
                continue;
            }
            Matcher b64 = B64_LITERAL.matcher(value.source() + code.substring(eval.end(), Math.min(code.length(), eval.end() + 65536)));
            String decoded = b64.find() ? Producers.base64(b64.group(1)) : null;
            if (decoded != null) {
                nested.add(decoded);
            } else {
                unresolved.add("code evaluated at run time is not a literal: " + Interpreter.abbreviate(value.source()));
            }
        }
        if (MAY_RMTREE.mayMatch(code)) {
            addPathCommands(code, RMTREE_CALL, "rm -rf ", assignments, shell, unresolved, inert);
        }
        if (MAY_UNLINK.mayMatch(code)) {
            addPathCommands(code, UNLINK_CALL, "rm -f ", assignments, shell, null, inert);
        }
        if (MAY_LIST.mayMatch(code) && (MAY_UNLINK.mayMatch(code) || MAY_RMTREE.mayMatch(code) || code.contains(".rmdir"))) {
            addListedDeletions(code, assignments, shell);
        }
        WalkedTreeDeletions.add(code, assignments, shell, unresolved);
        Matcher lookup = DYNAMIC_LOOKUP.matcher(code);
        boolean mayLookUp = MAY_LOOK_UP.mayMatch(code);
        while (mayLookUp && lookup.find() && unresolved.size() < 32) {
            if (inText(inert, lookup.start())) {
                continue;
            }
            unresolved.add("a function or module is looked up by a name the analysis cannot resolve (it may run commands): "
                + Interpreter.abbreviate(lookup.group()));
        }
        Matcher bound = BOUND_ELSEWHERE.matcher(code);
        boolean pythonNames = lang.equals("python") || lang.isEmpty(); // Ruby's %(shutil.rmtree) is only text
        boolean mayBind = MAY_BIND.mayMatch(code);
        while (mayBind && bound.find() && unresolved.size() < 32) {
            if (inText(inert, bound.start()) || !pythonNames && PYTHON_BOUND.matcher(bound.group()).lookingAt()) {
                continue;
            }
            unresolved.add("a function that runs commands or deletes is bound to another name (calls under it are not seen): "
                + Interpreter.abbreviate(bound.group()));
            break;
        }
        if (!lang.equals("python")) {
            Matcher backtick = BACKTICK.matcher(code);
            boolean mayBacktick = MAY_BACKTICK.mayMatch(code);
            while (mayBacktick && backtick.find() && (lang.equals("perl") || lang.equals("ruby") || lang.equals("php") || lang.equals("julia") || lang.isEmpty()
                // JavaScript's shell templates: zx's and dax's $`CMD` (node, deno), Bun's $`CMD` and Bun.$`CMD`
                || (lang.equals("node") || lang.equals("bun") || lang.equals("deno"))
                    && code.regionMatches(Math.max(0, backtick.start() - 1), "$", 0, 1))) {
                shell.add(backtick.group(1));
            }
            Matcher qx = QX.matcher(code);
            boolean mayQx = MAY_QX.mayMatch(code);
            while (mayQx && qx.find()) {
                char open = qx.group(1).charAt(0);
                char close = switch (open) {
                    case '(' -> ')';
                    case '{' -> '}';
                    case '[' -> ']';
                    default -> open;
                };
                int end = code.indexOf(close, qx.end());
                if (end > qx.end()) {
                    shell.add(code.substring(qx.end(), end));
                }
            }
        }
        if (lang.equals("awk")) {
            // print "CMD" | "sh" runs CMD; "CMD" | getline and print ... | "CMD" run CMD
            Matcher toShell = AWK_PRINT_TO_SHELL.matcher(code);
            while (toShell.find()) {
                shell.add(toShell.group(1));
            }
            Matcher pipe = AWK_PIPE.matcher(code);
            while (pipe.find()) {
                shell.add(pipe.group(1) != null ? pipe.group(1) : pipe.group(2));
            }
            if (AWK_DYNAMIC_PIPE.matcher(code).find()) {
                unresolved.add("awk pipes to or from a command that is not a literal");
            }
        }
        Matcher execute = STRING_EXECUTE.matcher(code);
        boolean mayExecute = MAY_EXECUTE.mayMatch(code);
        while (mayExecute && execute.find() && shell.size() < 64) {
            shell.add(execute.group(2));
        }
        if (mayExecute) {
            listExecutes(code, assignments, shell, unresolved);
        }
        if (MAY_DENO.mayMatch(code)) {
            denoCommands(code, assignments, shell, unresolved);
        }
        serviceDeletions(lang, code, shell, inert);
        Matcher kill = KILL_ALL.matcher(code);
        if (MAY_KILL.mayMatch(code) && kill.find() && !inText(inert, kill.start())) {
            shell.add("kill -9 -1");
        }
        boolean forkBomb = MAY_FORK.mayMatch(code) && INFINITE_LOOP.matcher(code).find() && FORK.matcher(code).find();
        List<String> urls = new ArrayList<>();
        Matcher url = URL.matcher(code);
        while (url.find() && urls.size() < 32) {
            urls.add(url.group());
        }
        // a connection plus the process's stdio or a shell handed to it: a reverse shell in the interpreter's own words
        boolean reverseShell = MAY_CONNECT.mayMatch(code) && NET_CONNECT.matcher(code).find() && STDIO_HANDOFF.matcher(code).find();
        return new Extraction(shell, nested, unresolved, forkBomb, urls, reverseShell);
    }

    /**
     * Library calls that delete a container of data, a whole service or everything of a kind, read with the service CLIs'
     * vocabulary (resource-deletes.yaml): {@code client.deleteIndex('prod')}, {@code s3.delete_bucket(...)},
     * {@code redis.flushall()}, {@code User.destroy_all}, {@code Model.objects.all().delete()}. Each becomes the
     * {@code @resource_delete} the service rules judge; one item ({@code customer.delete(id)}) stays allowed.
     */
    private static void serviceDeletions(String lang, String code, List<String> shell, InertStrings.Lazy inert) {
        String tool = lang.isEmpty() ? "code" : lang;
        Matcher call = METHOD_CALL.matcher(code);
        int found = 0;
        while (call.find() && found < 8) {
            String method = call.group(1);
            // the vocabulary first: most method calls delete nothing, and the text spans are found only when asked
            if (SERVICE_VOCABULARY.deletesContainer(method) && !inText(inert, call.start())) {
                shell.add(ResourceDeletes.RESOURCE_DELETE + " " + tool + " " + method);
                found++;
            }
        }
        if (found == 0 && ALL_DELETED.matcher(code).find()) {
            shell.add(ResourceDeletes.RESOURCE_DELETE + " " + tool + " all().delete");
        }
    }

    /** {@code ["rm", "-rf", "/"].execute()}: the list's strings are the argv; a list of other values needs approval. */
    private static void listExecutes(String code, Map<String, String> assignments, List<String> shell, List<String> unresolved) {
        Matcher m = LIST_EXECUTE.matcher(code);
        while (m.find() && shell.size() < 64) {
            int open = code.lastIndexOf('[', m.start());
            if (open < 0 || code.lastIndexOf(']', m.start() - 1) > open) {
                continue; // nested or not a list literal: left to the other patterns
            }
            Literals.Value value = Literals.commandArgument(code, open, assignments);
            if (value != null && value.list() && value.text() != null) {
                shell.add(value.text());
            } else {
                unresolved.add("a list run by execute() is not literal: " + Interpreter.abbreviate(code.substring(open, m.end())));
            }
        }
    }

    /** {@code new Deno.Command("rm", {args: [...]})} is the program and its args; {@code Deno.run({cmd: [...]})} an argv list. */
    private static void denoCommands(String code, Map<String, String> assignments, List<String> shell, List<String> unresolved) {
        Matcher m = DENO_COMMAND.matcher(code);
        while (m.find() && shell.size() < 64) {
            boolean list = m.end() < code.length() && code.charAt(m.end()) == '[';
            Literals.Value args = list ? Literals.commandArgument(code, m.end(), assignments) : null;
            boolean command = m.group().contains("Command");
            if (command && m.group(2) == null || list && (args == null || args.text() == null)) {
                unresolved.add("the command Deno runs is not a literal: " + Interpreter.abbreviate(code.substring(m.start(),
                    Math.min(code.length(), m.end() + 80))));
            } else if (command) {
                shell.add(Quoting.argv(List.of(m.group(2))) + (list ? " " + args.text() : ""));
            } else {
                shell.add(args.text());
            }
        }
    }

    /**
     * {@code spawnSync('rm', ['-rf', '/'])}, {@code system("rm", "-rf", "/")}: a program named by a string literal
     * followed by more literal arguments (strings or lists of strings) runs with them. Stops at the first non-literal.
     */
    private static String moreArguments(String code, int start) {
        int i = skipSpace(code, start);
        if (i < code.length() && code.charAt(i) == '(') {
            i = skipSpace(code, i + 1);
        }
        if (i >= code.length() || code.charAt(i) != '\'' && code.charAt(i) != '"') {
            return "";
        }
        int end = literalEnd(code, i);
        StringBuilder more = new StringBuilder();
        i = end + 1;
        for (int n = 0; end > 0 && n < 16; n++) {
            i = skipSpace(code, i);
            if (i >= code.length() || code.charAt(i) != ',') {
                break;
            }
            i = skipSpace(code, i + 1);
            if (i >= code.length()) {
                break;
            }
            char c = code.charAt(i);
            if (c == '\'' || c == '"') {
                end = literalEnd(code, i);
                if (end < 0) {
                    break;
                }
                more.append(' ').append(Quoting.quote(code.substring(i + 1, end)));
                i = end + 1;
            } else if (c == '[' || c == 'c' && code.startsWith("c(", i)) {
                // a list of strings, or R's vector c("-rf", "/") (system2("rm", c(...)))
                char close = c == '[' ? ']' : ')';
                i = skipSpace(code, i + (c == '[' ? 1 : 2));
                while (i < code.length() && (code.charAt(i) == '\'' || code.charAt(i) == '"')) {
                    end = literalEnd(code, i);
                    if (end < 0) {
                        return more.toString();
                    }
                    more.append(' ').append(Quoting.quote(code.substring(i + 1, end)));
                    i = skipSpace(code, end + 1);
                    if (i < code.length() && code.charAt(i) == ',') {
                        i = skipSpace(code, i + 1);
                    }
                }
                if (i >= code.length() || code.charAt(i) != close) {
                    break;
                }
                i++;
            } else if (Literals.homeAt(code, i)) {
                // ProcessBuilder("rm", "-rf", System.getProperty("user.home")): the home, as in a joined command string
                more.append(" ~");
                i = Literals.operandEnd(code, i);
            } else {
                break;
            }
        }
        return more.toString();
    }

    private static boolean inText(InertStrings.Lazy inert, int pos) {
        return inert.covers(pos);
    }

    private static int skipSpace(String code, int i) {
        while (i < code.length() && Character.isWhitespace(code.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Index of the quote closing the literal opened at {@code open}, or -1. */
    private static int literalEnd(String code, int open) {
        char quote = code.charAt(open);
        for (int i = open + 1; i < code.length() && i < open + 4096; i++) {
            char c = code.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Deletions: a literal path becomes the shell command; a path the analysis cannot resolve is reported (when
     * {@code unresolved} is given: recursive deletions) unless it is a directory the code itself created as temporary.
     */
    private static void addPathCommands(String code, Pattern call, String command, Map<String, String> assignments,
                                        List<String> out, List<String> unresolved, InertStrings.Lazy inert) {
        Matcher m = call.matcher(code);
        while (m.find()) {
            if (inText(inert, m.start())) {
                continue;
            }
            Literals.Value value = Literals.argument(code, m.end(), assignments);
            if (value != null && value.text() != null) {
                out.add(command + Quoting.quote(value.text()));
            } else if (value != null && unresolved != null && unresolved.size() < 32 && !temporary(code, value.source())) {
                unresolved.add("a tree is deleted at a path that is not a literal: "
                    + Interpreter.abbreviate(m.group().trim() + value.source()));
            }
        }
    }

    /**
     * Every entry of a listed directory deleted in a loop ({@code [os.remove(f) for f in os.listdir('.')]},
     * {@code for p in Path('/srv').iterdir(): shutil.rmtree(p)}) is {@code rm -f DIR/*} ({@code rm -rf} when the
     * loop deletes trees); a glob's pattern is the operand itself.
     */
    private static void addListedDeletions(String code, Map<String, String> assignments, List<String> out) {
        Matcher m = LISTED_ENTRIES.matcher(code);
        while (m.find() && out.size() < 64) {
            String var = m.group(1);
            Literals.Value listed = Literals.argument(code, m.end(), assignments);
            if (listed == null || listed.text() == null) {
                continue;
            }
            Matcher deleted = Pattern.compile(
                "(?:(shutil\\.rmtree|os\\.(?:remove|unlink|rmdir))\\s*\\(\\s*(?:os\\.path\\.join\\s*\\([^()\\n]{0,200}?)?"
                    + "|\\b(?:Path\\s*\\(\\s*)?)\\b" + Pattern.quote(var) + "\\b(?:\\s*\\)\\s*)?(\\.(?:unlink|rmdir)\\s*\\()?")
                .matcher(code);
            boolean trees = false;
            boolean any = false;
            while (deleted.find()) {
                if (deleted.group(1) == null && deleted.group(2) == null) {
                    continue;
                }
                any = true;
                trees |= "shutil.rmtree".equals(deleted.group(1));
            }
            if (!any) {
                continue;
            }
            boolean glob = m.group().contains("glob");
            String dir = listed.text().isEmpty() ? "." : listed.text();
            String operand = glob ? dir : (dir.endsWith("/") ? dir : dir + "/") + "*";
            out.add((trees ? "rm -rf " : "rm -f ") + operand);
        }
    }

    /** Temporary directories the snippet made itself ({@code d = tempfile.mkdtemp()}, {@code with TemporaryDirectory() as d}). */
    private static final Pattern TEMP_SOURCE = Pattern.compile(
        "(?:tempfile\\.)?(?:mkdtemp|TemporaryDirectory|gettempdir)\\(|Dir\\.mktmpdir|mkdtempSync\\(|os\\.tmpdir\\(|File::Temp|tempdir\\(|tmp_path|tmpdir\\b");

    static boolean temporary(String code, String source) {
        String name = source.replaceAll("^[$@]", "").trim();
        if (TEMP_SOURCE.matcher(source).find()) {
            return true;
        }
        if (!name.matches("[A-Za-z_]\\w{0,63}")) {
            return false;
        }
        Matcher assigned = Pattern.compile("\\b" + name + "\\s*=[^\\n]{0,200}|[^\\n]{0,200}\\bas\\s+" + name + "\\b").matcher(code);
        while (assigned.find()) {
            if (TEMP_SOURCE.matcher(assigned.group()).find()) {
                return true;
            }
        }
        return false;
    }
}
