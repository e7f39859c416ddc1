#!/usr/bin/env python3
"""Builds an external credential corpus from other projects' detector examples (issue 14).

Sources (each under its own licence, attribution in README.md of shared/redaction):
  gitleaks    gitleaks/gitleaks, MIT licence (c) 2019 Zachary Rice: cmd/generate/config/rules/*.go
  trufflehog  trufflesecurity/trufflehog, AGPL-3.0: the pattern tests pkg/detectors/*/*_test.go
              (test inputs only, used as test data; nothing of it is linked into this project's code)

Source: gitleaks/gitleaks (MIT licence, Copyright (c) 2019 Zachary Rice), cmd/generate/config/rules/*.go.
Each rule there carries true examples (tps) and false examples (fps) that its own build validates. This
script evaluates those Go expressions with a small interpreter: string literals, '+', fmt.Sprintf,
[]string{...}, append(...), the utils.* character-class helpers, utils.GenerateSampleSecret(s) (its
syntax templates are read from utils/generate.go, so they stay the upstream ones) and secrets.NewSecret
(a random string for a regex, as upstream's reggen does; seeded so the output is reproducible). Any
statement it cannot evaluate is skipped and counted, never guessed.

Output (next to this script), one JSON object a line:
  {"source","rule","text","secret"}  true example; "secret" is the generated secret when separable
  {"source","rule","text","keep":true} false example: the redactor must leave the text unchanged
Rules are split into dev/heldout by a hash of the rule id, decided before any result was looked at.

Trufflehog's pattern tests are tables of {name, input, want}: "input" is evaluated like gitleaks' examples
(package-level variables such as validPattern, fmt.Sprintf), a non-empty "want" makes a true example whose
secrets are the wanted values that appear in the input, an empty one a false example. Tests written as one
input/want pair in a function are read the same way.

Usage: extract.py gitleaks <path of a gitleaks checkout or `git archive` of it>
       extract.py trufflehog <path of a trufflehog checkout or `git archive` of pkg/detectors>
"""
import hashlib
import json
import random
import re
import sys
from pathlib import Path

try:
    import re._parser as sre_parse
    import re._constants as sre_c
except ImportError:  # Python < 3.11
    import sre_parse
    import sre_constants as sre_c

RNG = random.Random(14)


class Unsupported(Exception):
    pass


# ---------------------------------------------------------------- random strings for a regex (reggen)
PRINTABLE = [chr(c) for c in range(32, 127)]
CATEGORIES = {
    sre_c.CATEGORY_DIGIT: [chr(c) for c in range(48, 58)],
    sre_c.CATEGORY_WORD: [c for c in PRINTABLE if c.isalnum() or c == '_'],
    sre_c.CATEGORY_SPACE: [' '],
    sre_c.CATEGORY_NOT_DIGIT: [c for c in PRINTABLE if not c.isdigit()],
    sre_c.CATEGORY_NOT_WORD: [c for c in PRINTABLE if not (c.isalnum() or c == '_')],
    sre_c.CATEGORY_NOT_SPACE: [c for c in PRINTABLE if c != ' '],
}


def char_set(items):
    chars, negate = set(), False
    for op, av in items:
        if op == sre_c.NEGATE:
            negate = True
        elif op == sre_c.LITERAL:
            chars.add(chr(av))
        elif op == sre_c.RANGE:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op == sre_c.CATEGORY:
            chars.update(CATEGORIES[av])
        else:
            raise Unsupported(f"class item {op}")
    if negate:
        chars = set(PRINTABLE) - chars
    return sorted(chars)


def gen(parsed, out):
    for op, av in parsed:
        if op == sre_c.LITERAL:
            out.append(chr(av))
        elif op == sre_c.NOT_LITERAL:
            out.append(RNG.choice([c for c in PRINTABLE if c != chr(av)]))
        elif op == sre_c.ANY:
            out.append(RNG.choice(PRINTABLE))
        elif op == sre_c.IN:
            out.append(RNG.choice(char_set(av)))
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
            lo, hi, sub = av
            hi = lo + 10 if hi == sre_c.MAXREPEAT else hi
            for _ in range(RNG.randint(lo, hi)):
                gen(sub, out)
        elif op == sre_c.SUBPATTERN:
            gen(av[-1], out)
        elif op == sre_c.BRANCH:
            gen(RNG.choice(av[1]), out)
        elif op == sre_c.AT:
            pass
        else:
            raise Unsupported(f"regex op {op}")


def new_secret(regex):
    out = []
    gen(sre_parse.parse(regex.replace(r'\z', '')), out)
    return ''.join(out)


# ---------------------------------------------------------------- Go tokens
TOKEN = re.compile(r'''
    (?P<ws>[ \t\r]+) | (?P<nl>\n) | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<raw>`[^`]*`) | (?P<str>"(?:\\.|[^"\\\n])*") | (?P<rune>'(?:\\.|[^'\\])*')
  | (?P<num>\d+(?:\.\d+)?) | (?P<ident>[A-Za-z_]\w*)
  | (?P<op>\.\.\.|:=|\?=|\+=|&&|\|\||==|!=|<=|>=|[-+*/%&|^<>=!(){}\[\],;:.])
''', re.S | re.X)
ENDS_STATEMENT = {'ident', 'raw', 'str', 'rune', 'num'}


def unquote(lit):
    body = lit[1:-1]
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c != '\\':
            out.append(c)
            i += 1
            continue
        n = body[i + 1]
        simple = {'n': '\n', 't': '\t', 'r': '\r', '"': '"', '\\': '\\', "'": "'", 'a': '\a', 'b': '\b',
                  'f': '\f', 'v': '\v'}
        if n in simple:
            out.append(simple[n])
            i += 2
        elif n == 'x':
            out.append(chr(int(body[i + 2:i + 4], 16)))
            i += 4
        elif n == 'u':
            out.append(chr(int(body[i + 2:i + 6], 16)))
            i += 6
        elif n == 'U':
            out.append(chr(int(body[i + 2:i + 10], 16)))
            i += 10
        else:
            raise Unsupported(f"escape \\{n}")
    return ''.join(out)


def tokenize(src):
    toks, pos = [], 0
    while pos < len(src):
        m = TOKEN.match(src, pos)
        if not m:
            raise Unsupported(f"token at {src[pos:pos + 20]!r}")
        pos = m.end()
        kind, text = m.lastgroup, m.group()
        if kind in ('ws', 'comment') and '\n' not in text:
            continue
        if kind in ('nl', 'comment', 'ws'):
            if toks and (toks[-1][0] in ENDS_STATEMENT or toks[-1][1] in (')', ']', '}')):
                toks.append(('op', ';'))
            continue
        toks.append((kind, text))
    return toks


def split_top(toks, sep, drop=None):
    """The parts of a token list between `sep` operators outside brackets (empty parts included); `drop`, an
    operator left out where it stands outside brackets."""
    out, cur, depth = [], [], 0
    for t in toks:
        if t[0] == 'op' and t[1] in '([{':
            depth += 1
        elif t[0] == 'op' and t[1] in ')]}':
            depth -= 1
        if depth == 0 and t == ('op', sep):
            out.append(cur)
            cur = []
        elif depth > 0 or t != ('op', drop):
            cur.append(t)
    out.append(cur)
    return out


def statements(toks):
    """Top-level statements of a token list, split at ';' outside brackets."""
    return [s for s in split_top(toks, ';') if s]


def split_args(toks):
    """Comma-separated arguments, without the statement ends the tokenizer put after a line's closing bracket."""
    return [a for a in split_top(toks, ',', drop=';') if a]


def closing(toks, i):
    """Index of the bracket closing toks[i]."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j][0] == 'op' and toks[j][1] in '([{':
            depth += 1
        elif toks[j][0] == 'op' and toks[j][1] in ')]}':
            depth -= 1
            if depth == 0:
                return j
    raise Unsupported("unbalanced")


# ---------------------------------------------------------------- values
class Example:
    """A string value; 'secret' is the generated secret it was built around, if any."""

    def __init__(self, text, secret=None, random_part=False):
        self.text, self.secret, self.random = text, secret, random_part


def join(values):
    return Example(''.join(v.text for v in values), None, any(v.random for v in values))


HELPERS = {
    'Numeric': '[0-9]{%s}', 'Hex': '[a-f0-9]{%s}', 'AlphaNumeric': '[a-z0-9]{%s}',
    'AlphaNumericExtendedShort': '[a-z0-9_-]{%s}', 'AlphaNumericExtended': r'[a-z0-9=_\-]{%s}',
    'AlphaNumericExtendedLong': r'[a-z0-9\/=_\+\-]{%s}',
}


class Interpreter:
    def __init__(self, templates, env=None):
        self.templates = templates
        self.env = dict(env or {})

    def eval(self, toks):
        """A string (Example) or a list of Examples."""
        parts = []
        for term in self.split_plus(toks):
            parts.append(self.primary(term))
        if len(parts) == 1:
            return parts[0]
        if any(isinstance(p, list) for p in parts):
            raise Unsupported("+ on a list")
        return join(parts)

    @staticmethod
    def split_plus(toks):
        out = split_top(toks, '+')
        if any(not c for c in out):
            raise Unsupported("empty term")
        return out

    def primary(self, toks):
        if len(toks) == 1:
            kind, text = toks[0]
            if kind == 'raw':
                return Example(text[1:-1])
            if kind == 'str':
                return Example(unquote(text))
            if kind == 'ident' and text in self.env:
                return self.env[text]
            raise Unsupported(f"value {text}")
        if toks[0] == ('op', '(') and closing(toks, 0) == len(toks) - 1:
            return self.eval(toks[1:-1])
        if [t[1] for t in toks[:3]] == ['[', ']', 'string'] and toks[3][1] == '{':
            return [self.string(a) for a in split_args(toks[4:closing(toks, 3)])]
        # dotted call: a.b(args)
        name, i = [], 0
        while i < len(toks) and toks[i][0] == 'ident':
            name.append(toks[i][1])
            i += 1
            if i < len(toks) and toks[i] == ('op', '.'):
                i += 1
            else:
                break
        if i < len(toks) and toks[i] == ('op', '(') and closing(toks, i) == len(toks) - 1:
            return self.call('.'.join(name), split_args(toks[i + 1:-1]))
        raise Unsupported("expression " + ' '.join(t[1] for t in toks[:8]))

    def string(self, toks):
        v = self.eval(toks)
        if isinstance(v, list):
            raise Unsupported("list where a string is expected")
        return v

    def call(self, name, args):
        if name == 'secrets.NewSecret':
            s = new_secret(self.string(args[0]).text)
            return Example(s, s, True)
        if name == 'newPlausibleSecret':  # generic.go: NewSecret retried until it has a digit, no stop word
            stop = [w.text.lower() for w in self.env.get('DefaultStopWords', [])]
            regex = self.string(args[0]).text
            while True:
                s = new_secret(regex)
                if re.search('[1-9]', s) and not any(w in s.lower() for w in stop):
                    return Example(s, s, True)
        if name.startswith('utils.') and name[6:] in HELPERS:
            return Example(HELPERS[name[6:]] % self.string(args[0]).text)
        if name == 'utils.Hex8_4_4_4_12':
            return Example('[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')
        if name == 'fmt.Sprintf':
            fmt = self.string(args[0])
            values = [self.string(a) for a in args[1:]]
            if len(re.findall(r'%[sdv]', fmt.text)) != len(values) or '%%' in fmt.text:
                raise Unsupported("Sprintf verbs")
            it = iter(values)
            pieces = re.split(r'(%[sdv])', fmt.text)
            return join([next(it) if re.fullmatch(r'%[sdv]', p) else Example(p) for p in pieces])
        if name in ('utils.GenerateSampleSecrets', 'utils.GenerateSampleSecret'):
            ident, secret = self.string(args[0]).text, self.string(args[1])
            templates = self.templates if name.endswith('s') else ['{i}_api_token = "{s}"']
            out = [Example(t.replace('{i}', ident).replace('{I}', ident.upper()).replace('{s}', secret.text),
                           secret.text, secret.random) for t in templates]
            return out if name.endswith('s') else out[0]
        if name == 'append':
            base = self.eval(args[0])
            if not isinstance(base, list):
                raise Unsupported("append to a non-list")
            out = list(base)
            for a in args[1:]:
                if a[-1] == ('op', '...'):
                    more = self.eval(a[:-1])
                    if not isinstance(more, list):
                        raise Unsupported("spread of a non-list")
                    out.extend(more)
                else:
                    out.append(self.string(a))
            return out
        if name == 'strings.Repeat':
            return Example(self.string(args[0]).text * int(args[1][0][1]))
        raise Unsupported("call " + name)

    def run(self, stmt):
        """Executes one statement; returns (rule_var, tps_var, fps_var) at a Validate call."""
        words = [t[1] for t in stmt]
        if words[0] == 'return':
            stmt, words = stmt[1:], words[1:]
        if words[:2] == ['utils', '.'] and words[2] in ('Validate', 'ValidateWithPaths'):
            args = split_args(stmt[4:-1])
            return [a[0][1] for a in args[:3]]
        if words[:2] == ['var', '(']:
            for inner in statements(stmt[2:-1]):
                self.run(inner)
            return None
        if words[0] == 'var':
            stmt, words = stmt[1:], words[1:]
            if '=' in words:
                eq = words.index('=')
                stmt, words = stmt[:1] + stmt[eq:], words[:1] + words[eq:]
        if len(words) > 2 and stmt[0][0] == 'ident' and words[1] in (':=', '=') and words[0] != '_':
            target, expr = words[0], stmt[2:]
            if [t[1] for t in expr[:3]] == ['config', '.', 'Rule']:
                body = ' '.join(t[1] for t in expr)
                m = re.search(r'RuleID : ("(?:[^"\\]|\\.)*")', body)
                self.env[target] = ('rule', unquote(m.group(1)) if m else None)
                return None
            try:
                self.env[target] = self.eval(expr)
            except Unsupported:
                self.env.pop(target, None)
                raise
        return None


def functions(toks):
    """(function bodies, package-level statements other than functions)."""
    bodies, rest, i = [], [], 0
    while i < len(toks):
        if toks[i] == ('ident', 'func'):
            j = i
            while toks[j] != ('op', '{'):
                j += 1
            end = closing(toks, j)
            bodies.append(toks[j + 1:end])
            i = end + 1
            continue
        rest.append(toks[i])
        i += 1
    return bodies, [s for s in statements(rest) if s[0] == ('ident', 'var')]


def package_env(root, templates):
    """Package-level variables of all rule files (shared example lists, stop words)."""
    interp = Interpreter(templates)
    for path in sorted((root / 'cmd/generate/config/rules').glob('*.go')):
        for stmt in functions(tokenize(path.read_text()))[1]:
            try:
                interp.run(stmt)
            except (Unsupported, IndexError, ValueError, KeyError):
                pass
    return interp.env


def templates_from(utils_src):
    toks = tokenize(utils_src)
    words = [t[1] for t in toks]
    start = words.index('samples')
    brace = words.index('{', start)
    out = []
    for entry in split_args(toks[brace + 1:closing(toks, brace)]):
        value = entry[-1]
        out.append((unquote(entry[0][1]) if entry[0][0] == 'str' else entry[0][1][1:-1],
                    value[1][1:-1] if value[0] == 'raw' else unquote(value[1])))
    return [v for _, v in sorted(out)]  # Go's map order is random: sorted by label instead


def split_of(source, rule):
    return 'dev' if hashlib.sha256(f"{source}:{rule}".encode()).digest()[0] % 2 == 0 else 'heldout'


def write(source, rows):
    here = Path(__file__).parent
    for split, items in rows.items():
        seen, unique = set(), []
        for r in items:
            key = (r['rule'], r['text'], 'keep' in r)
            if key not in seen:
                seen.add(key)
                unique.append(r)
        with open(here / f"{source}-{split}.jsonl", 'w') as f:
            for r in unique:
                f.write(json.dumps(r, ensure_ascii=False) + '\n')
        print(f"{source} {split}: {sum('keep' not in r for r in unique)} true, {sum('keep' in r for r in unique)} false,"
              f" {len({r['rule'] for r in unique})} rules", file=sys.stderr)


def field_value(interp, toks):
    """An evaluated field of a test table entry; None when it cannot be evaluated."""
    try:
        return interp.eval(toks)
    except (Unsupported, IndexError, ValueError, KeyError):
        return None


def table_entries(stmt):
    """The {field: expr} entries of `tests := []struct{...}{ {...}, ... }`, else []."""
    words = [t[1] for t in stmt]
    if len(words) < 6 or words[1] not in (':=', '=') or words[2:5] != ['[', ']', 'struct']:
        return []
    type_end = closing(stmt, 5)
    if type_end + 1 >= len(stmt) or stmt[type_end + 1] != ('op', '{'):
        return []
    out = []
    for entry in split_args(stmt[type_end + 2:closing(stmt, type_end + 1)]):
        if entry[0] != ('op', '{'):
            continue
        fields = {}
        for f in split_args(entry[1:closing(entry, 0)]):
            if len(f) > 2 and f[0][0] == 'ident' and f[1] == ('op', ':'):
                fields[f[0][1]] = f[2:]
        out.append(fields)
    return out


def trufflehog(root):
    root = Path(root)
    rows = {'dev': [], 'heldout': []}
    skipped, rules = [], set()
    files = sorted(p for p in (root / 'pkg/detectors').glob('*/*_test.go') if 'integration' not in p.name)
    for path in files:
        rule = path.parent.name
        try:
            toks = tokenize(path.read_text())
        except Unsupported as e:
            skipped.append(f"{path.name}: {e}")
            continue
        bodies, package_vars = functions(toks)
        base = Interpreter([])
        for stmt in package_vars:
            try:
                base.run(stmt)
            except (Unsupported, IndexError, ValueError, KeyError):
                pass
        examples = []
        for body in bodies:
            interp = Interpreter([], base.env)
            for stmt in statements(body):
                entries = table_entries(stmt)
                if entries:
                    for fields in entries:
                        if 'input' in fields and 'want' in fields:
                            examples.append((field_value(interp, fields['input']), field_value(interp, fields['want'])))
                    continue
                try:
                    interp.run(stmt)
                except (Unsupported, IndexError, ValueError, KeyError):
                    pass
            if 'input' in interp.env and 'want' in interp.env:
                examples.append((interp.env['input'], interp.env['want']))
        split = split_of('trufflehog', rule)
        for text, want in examples:
            if not isinstance(text, Example) or not (isinstance(want, list) or want is None):
                skipped.append(f"{path.name}: an entry not evaluated")
                continue
            rules.add(rule)
            if want:
                secrets = [w.text for w in want if w.text and w.text in text.text]
                row = {"source": "trufflehog", "rule": rule, "text": text.text}
                if secrets:
                    row["secrets"] = secrets
                rows[split].append(row)
            else:
                rows[split].append({"source": "trufflehog", "rule": rule, "text": text.text, "keep": True,
                                    "random": False})
    write('trufflehog', rows)
    print(f"trufflehog detectors {len(rules)}, entries skipped {len(skipped)}", file=sys.stderr)


def main(root):
    root = Path(root)
    templates = templates_from((root / 'cmd/generate/config/utils/generate.go').read_text())
    rows = {'dev': [], 'heldout': []}
    skipped, rules = [], set()
    env = package_env(root, templates)
    for path in sorted((root / 'cmd/generate/config/rules').glob('*.go')):
        toks = tokenize(path.read_text())
        for body in functions(toks)[0]:
            interp = Interpreter(templates, env)
            for stmt in statements(body):
                try:
                    validate = interp.run(stmt)
                except (Unsupported, IndexError, ValueError, KeyError) as e:
                    skipped.append(f"{path.name}: {e}")
                    continue
                if not validate:
                    continue
                rule = interp.env.get(validate[0])
                tps, fps = interp.env.get(validate[1]), interp.env.get(validate[2])
                fps = [] if validate[2] == 'nil' else fps
                if not (isinstance(rule, tuple) and rule[1]):
                    skipped.append(f"{path.name}: rule variable not found")
                    continue
                rule_id = rule[1]
                rules.add(rule_id)
                split = split_of('gitleaks', rule_id)
                for ex in tps if isinstance(tps, list) else []:
                    row = {"source": "gitleaks", "rule": rule_id, "text": ex.text}
                    if ex.secret:
                        row["secret"] = ex.secret
                    rows[split].append(row)
                for ex in fps if isinstance(fps, list) else []:
                    rows[split].append({"source": "gitleaks", "rule": rule_id, "text": ex.text, "keep": True,
                                        "random": ex.random})
                if not isinstance(tps, list) or not isinstance(fps, list):
                    skipped.append(f"{path.name}: {rule_id} examples not evaluated")
    write('gitleaks', rows)
    print(f"rules {len(rules)}, statements skipped {len(skipped)}", file=sys.stderr)
    for s in skipped:
        print("  skipped " + s, file=sys.stderr)


if __name__ == '__main__':
    {'gitleaks': main, 'trufflehog': trufflehog}[sys.argv[1]](sys.argv[2])
