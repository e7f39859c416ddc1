#!/usr/bin/env python3
"""Extracts the labelled commands of another project's test suite into dcg.tsv, an evaluation corpus this
repository did not write (issue 14: "measured on material written elsewhere").

Source: Dicklesworthstone/destructive_command_guard (dcg, MIT licence, see NOTICE), a pre-execution guard for coding
agents. Its own labels are kept as they are: BLOCK (deny) and ALLOW. Read from
  tests/corpus/**/*.toml              [[case]] command + expected / expected_decision
  tests/e2e/fixtures/commands/*.txt   dangerous.txt (block), safe.txt (allow), EXPECT:command lines
  src/packs/**/*.rs                   assert_blocks*(pack, "cmd", ...), assert_allows(pack, "cmd"),
                                      test_batch_blocks / test_batch_allows(pack, &["cmd", ...], ...)
Only literal strings are taken (calls that build a command with format!/concat! are skipped). A command labelled
both ways (dcg decides some by enabled pack or config) is dropped, WARN lines too. The split into dev and heldout
is by a hash of the command, fixed before any result was looked at.

  python3 extract.py <dcg git dir or work tree>   # rewrites dcg.tsv next to this file
"""
import hashlib, os, re, subprocess, sys, tomllib

HERE = os.path.dirname(os.path.abspath(__file__))


def git_files(repo):
    git_dir = repo if os.path.exists(os.path.join(repo, "HEAD")) else os.path.join(repo, ".git")
    names = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "-r", "--name-only", "HEAD"],
                           check=True, capture_output=True, text=True).stdout.split("\n")
    head = subprocess.run(["git", "--git-dir", git_dir, "rev-parse", "HEAD"], check=True, capture_output=True,
                          text=True).stdout.strip()

    def read(name):
        return subprocess.run(["git", "--git-dir", git_dir, "show", "HEAD:" + name], check=True,
                              capture_output=True).stdout.decode("utf-8", "replace")
    return [n for n in names if n], read, head


def rust_string(text, i):
    """Parses the Rust string literal starting at text[i]; returns (value, end) or None."""
    if text.startswith("r#", i) or text.startswith('r"', i):
        j = i + 1
        hashes = 0
        while text[j] == "#":
            hashes += 1
            j += 1
        if text[j] != '"':
            return None
        close = '"' + "#" * hashes
        end = text.index(close, j + 1)
        return text[j + 1:end], end + len(close)
    if text[i] != '"':
        return None
    out, j = [], i + 1
    simple = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "0": "\0"}
    while text[j] != '"':
        c = text[j]
        if c == "\\":
            n = text[j + 1]
            if n in simple:
                out.append(simple[n])
                j += 2
            elif n == "\n":  # line continuation: the newline and the next line's indentation vanish
                j += 2
                while text[j] in " \t\n":
                    j += 1
            elif n == "u":
                close = text.index("}", j)
                out.append(chr(int(text[j + 3:close], 16)))
                j = close + 1
            elif n == "x":
                out.append(chr(int(text[j + 2:j + 4], 16)))
                j += 4
            else:
                return None
        else:
            out.append(c)
            j += 1
    return "".join(out), j + 1


CALL = re.compile(r"\b(assert_blocks(?:_with_pattern|_with_severity)?|assert_allows|test_batch_blocks|test_batch_allows)\s*\(")


def rust_cases(text):
    for m in CALL.finditer(text):
        kind = m.group(1)
        label = "block" if "blocks" in kind else "allow"
        i = m.end()
        # the arguments up to the matching parenthesis
        depth, j = 1, i
        while depth and j < len(text):
            if text[j] in "([{":
                depth += 1
            elif text[j] in ")]}":
                depth -= 1
            elif text[j] == '"' or text.startswith('r#"', j):
                parsed = rust_string(text, j)
                if parsed is None:
                    break
                j = parsed[1]
                continue
            j += 1
        args = text[i:j - 1]
        if "format!" in args or "concat!" in args:
            continue
        literals, k = [], 0
        bracket = args.find("[") if kind.startswith("test_batch") else -1
        limit = args.find("]", bracket) if bracket >= 0 else len(args)
        k = bracket + 1 if bracket >= 0 else 0
        while k < len(args):
            if args[k] == '"' or args.startswith('r#"', k) or args.startswith('r"', k):
                parsed = rust_string(args, k)
                if parsed is None:
                    break
                if k < limit:
                    literals.append(parsed[0])
                k = parsed[1]
                if not kind.startswith("test_batch"):
                    break  # assert_*: the first literal is the command, the next ones the expected reason
                continue
            k += 1
        for command in literals:
            yield label, command


def main():
    repo = sys.argv[1]
    names, read, head = git_files(repo)
    seen = {}
    def add(label, source, command):
        command = command.strip()
        if not command or "\t" in command:
            return
        seen.setdefault(command, {})[label] = source

    for name in names:
        if name.startswith("tests/corpus/") and name.endswith(".toml"):
            data = tomllib.loads(read(name))
            for case in data.get("case", []):
                expected = case.get("expected") or case.get("expected_decision")
                if case.get("input_kind", "command") != "command" or expected not in ("deny", "allow"):
                    continue
                add("block" if expected == "deny" else "allow", name, case["command"])
        elif name.startswith("tests/e2e/fixtures/commands/") and name.endswith(".txt"):
            fixed = {"dangerous.txt": "block", "safe.txt": "allow"}.get(os.path.basename(name))
            for line in read(name).split("\n"):
                if not line.strip() or line.startswith("#"):
                    continue
                if fixed:
                    add(fixed, name, line)
                else:
                    expect, _, command = line.partition(":")
                    if expect in ("BLOCK", "ALLOW"):
                        add(expect.lower(), name, command.replace("\\n", "\n").replace("\\t", "\t"))
        elif name.startswith("src/packs/") and name.endswith(".rs"):
            for label, command in rust_cases(read(name)):
                add(label, name, command)

    rows = []
    for command, labels in seen.items():
        if len(labels) != 1 or "\n" in command and not command.strip():
            continue
        (label, source), = labels.items()
        split = "heldout" if hashlib.sha256(command.encode()).digest()[0] % 2 else "dev"
        rows.append((split, label, source, command.replace("\\", "\\\\").replace("\n", "\\n")))
    rows.sort(key=lambda r: (r[2], r[1], r[3]))
    with open(os.path.join(HERE, "dcg.tsv"), "w", encoding="utf-8") as out:
        out.write("# Extracted by extract.py from Dicklesworthstone/destructive_command_guard at " + head + " (MIT, see NOTICE).\n")
        out.write("# split, dcg's label (block = deny, allow), source file, command (\\n = newline, \\\\ = backslash)\n")
        for r in rows:
            out.write("\t".join(r) + "\n")
    print(len(rows), "commands;", sum(r[1] == "block" for r in rows), "block,", sum(r[1] == "allow" for r in rows), "allow;",
          sum(r[0] == "heldout" for r in rows), "heldout")


if __name__ == "__main__":
    main()
