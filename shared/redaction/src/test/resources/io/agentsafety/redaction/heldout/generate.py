#!/usr/bin/env python3
"""Generates this project's own secret / look-alike corpora (eval.py's record format).

Written from the syntaxes themselves, never from ../shared/eval. Two splits with disjoint templates,
label vocabularies and seeds: `dev` (looked at while building detectors) and `heldout` (only scored,
never used to tune). Every value is random; none is a real credential.
  python3 generate.py   # rewrites {dev,heldout}-{secrets,negatives}.jsonl next to this file
"""
import base64, json, os, random, string, urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))

# Secret-like labels and the service names they are combined with (split between dev and heldout).
LABELS = [
    ["key", "token", "secret", "apiKey", "x-api-key", "auth_token", "password", "Key ID", "credential", "api"],
    ["Key", "access token", "client_secret", "pwd", "authKey", "X-Auth-Token", "pass", "secret key", "API", "apitoken"],
]
SERVICES = [
    ["acme", "zentrix", "payflow", "mailhive", "orbit", "quanta", "nimbus", "tally"],
    ["brightpath", "coral", "hexa", "lumen", "vortexa", "pylon", "kestrel", "sable"],
]

def rand(rng, n, alphabet):
    return "".join(rng.choice(alphabet) for _ in range(n))

def value(rng):
    kind = rng.randrange(6)
    if kind == 0:
        return rand(rng, rng.choice([32, 40]), "0123456789abcdef")
    if kind == 1:
        return rand(rng, rng.randint(24, 48), string.ascii_letters + string.digits)
    if kind == 2:
        return base64.b64encode(bytes(rng.randrange(256) for _ in range(rng.choice([24, 30, 33])))).decode()
    if kind == 3:
        return rand(rng, rng.randint(20, 40), string.ascii_letters + string.digits + "_-")
    if kind == 4:
        return rand(rng, 8, string.ascii_uppercase + string.digits) + "-" + rand(rng, 24, string.ascii_letters + string.digits)
    return rand(rng, rng.randint(14, 22), string.ascii_letters + string.digits + "!#%*+-_.")

def ident(label, style):
    words = label.replace("-", " ").replace("_", " ").split()
    if style == 0:
        return "_".join(w.upper() for w in words)
    if style == 1:
        return words[0].lower() + "".join(w[:1].upper() + w[1:] for w in words[1:])
    if style == 2:
        return "_".join(w.lower() for w in words)
    return "-".join(w.lower() for w in words)

def svc_label(rng, split):
    label = rng.choice(LABELS[split])
    svc = rng.choice(SERVICES[split])
    form = rng.randrange(4)
    if form == 0:
        return label
    if form == 1:
        return svc + " " + label
    if form == 2:
        return svc + "_" + label
    return svc + label[:1].upper() + label[1:]

# Each template: (context, f(rng, label, value) -> text). Even index -> dev, odd -> heldout.
def T():
    t = []
    a = t.append
    a(("env", lambda r, l, v: f"export {ident(l,0)}={v}"))
    a(("env", lambda r, l, v: f"{ident(l,0)}=\"{v}\"\nLOG_LEVEL=info"))
    a(("yaml", lambda r, l, v: f"service:\n  {ident(l,2)}: {v}\n  region: eu-west-1"))
    a(("yaml", lambda r, l, v: f"- {ident(l,1)}: '{v}'"))
    a(("json", lambda r, l, v: json.dumps({ident(l, 1): v, "retries": 3})))
    a(("json", lambda r, l, v: json.dumps({"config": {ident(l, 3): v}}, indent=2)))
    a(("toml", lambda r, l, v: f"[{l.split()[0].lower()}]\n{ident(l,2)} = \"{v}\""))
    a(("ini", lambda r, l, v: f"[default]\n{ident(l,2)}={v}\nendpoint=https://api.internal"))
    a(("properties", lambda r, l, v: f"app.{ident(l,1)}={v}"))
    a(("properties", lambda r, l, v: f"{ident(l,2).replace('_','.')} : {v}"))
    a(("xml", lambda r, l, v: f"<config><{ident(l,1)}>{v}</{ident(l,1)}></config>"))
    a(("xml-escaped", lambda r, l, v: f"&lt;{ident(l,1)}&gt;{v}&lt;/{ident(l,1)}&gt;"))
    a(("hcl", lambda r, l, v: f"resource \"x\" \"y\" {{\n  {ident(l,2)} = \"{v}\"\n}}"))
    a(("python", lambda r, l, v: f"{ident(l,2)} = '{v}'  # set by ops"))
    a(("python", lambda r, l, v: f"client = Client({ident(l,2)}=\"{v}\", timeout=30)"))
    a(("js", lambda r, l, v: f"const {ident(l,1)} = \"{v}\";"))
    a(("js", lambda r, l, v: f"fetch(url, {{ headers: {{ '{ident(l,3)}': '{v}' }} }})"))
    a(("java", lambda r, l, v: f"private static final String {ident(l,0)} = \"{v}\";"))
    a(("go", lambda r, l, v: f"{ident(l,1)} := \"{v}\""))
    a(("ruby", lambda r, l, v: f"config.{ident(l,2)} = '{v}'"))
    a(("ruby", lambda r, l, v: f"{{ {ident(l,2)}: \"{v}\" }}"))
    a(("php", lambda r, l, v: f"'{ident(l,2)}' => '{v}',"))
    a(("dockerfile", lambda r, l, v: f"ENV {ident(l,0)}={v}"))
    a(("dockerfile", lambda r, l, v: f"ARG {ident(l,0)}={v}"))
    a(("docker-run", lambda r, l, v: f"docker run -e {ident(l,0)}={v} -p 8080:80 app:1.2"))
    a(("cli-flag", lambda r, l, v: f"svcctl deploy --{ident(l,3)} {v} --region us-east-1"))
    a(("cli-flag", lambda r, l, v: f"tool sync --{ident(l,3)}={v}"))
    a(("header", lambda r, l, v: f"> GET /v1/items HTTP/1.1\n> {ident(l,3).title()}: {v}\n> Accept: */*"))
    a(("cookie", lambda r, l, v: f"Cookie: lang=en; {ident(l,2)}={v}"))
    a(("query", lambda r, l, v: f"GET https://api.internal/v2/list?{ident(l,2)}={v}&page=2"))
    a(("query-urlenc", lambda r, l, v: f"redirect=%2Fcb%3F{ident(l,2)}%3D{urllib.parse.quote(v, safe='')}"))
    a(("log", lambda r, l, v: f"2024-05-01T10:00:00Z [DEBUG] Using {l}={v}"))
    a(("log", lambda r, l, v: f"INFO  client init {l} -> {v} ok"))
    a(("log", lambda r, l, v: f"[worker-3] {l}: {v} (loaded from vault)"))
    a(("stacktrace", lambda r, l, v: f"java.lang.IllegalStateException: invalid {l} '{v}' for tenant 42\n\tat com.x.Auth.check(Auth.java:88)"))
    a(("exception", lambda r, l, v: f"ValueError: bad {ident(l,2)}={v!r}"))
    a(("prose", lambda r, l, v: f"FYI the {l} is {v} until Friday."))
    a(("prose", lambda r, l, v: f"{l[:1].upper()+l[1:]} - {v}"))
    a(("storage", lambda r, l, v: f"localStorage.setItem(\"{ident(l,1)}\", \"{v}\")"))
    a(("storage", lambda r, l, v: f"sessionStorage: {{\"{ident(l,1)}\":\"{v}\",\"theme\":\"dark\"}}"))
    a(("yaml-compose", lambda r, l, v: f"    environment:\n      - {ident(l,0)}={v}"))
    a(("json-escaped", lambda r, l, v: json.dumps(json.dumps({ident(l, 2): v}))))
    a(("walrus", lambda r, l, v: f"{ident(l,0)} => {v}"))
    a(("space", lambda r, l, v: f"{l} {v}"))
    return t

TEMPLATES = T()

# Harmless look-alikes: secret-like labels with non-secret values, random-looking values under
# harmless labels, placeholders.
PLACEHOLDERS = ["changeme", "<your-key>", "xxxxxxxxxxxxxxxx", "${API_TOKEN}", "$SECRET", "{{ .Values.token }}",
                "YOUR_API_KEY_HERE", "********", "<redacted>", "%(token)s", "os.environ['TOKEN']", "null",
                "process.env.API_KEY", "REPLACE_ME", "<token>", "${{ secrets.DEPLOY_KEY }}", "[FILTERED]",
                "sk_test_xxxxxxxxxxxxxxxxxxxxxxxx", "!vault |", "true"]
HARMLESS_LABELS = [["commit", "sha", "request_id", "trace_id", "etag", "checksum", "build", "digest"],
                   ["revision", "span_id", "object_id", "content_md5", "run_id", "image", "hash", "correlation_id"]]

def negatives(rng, split):
    recs = []
    harmless = HARMLESS_LABELS[split]
    for i in range(260):
        kind = i % 8
        tpl_ctx, tpl = TEMPLATES[rng.randrange(split, len(TEMPLATES), 2)]
        if kind in (0, 1):
            v = rng.choice(PLACEHOLDERS)
            text = tpl(rng, svc_label(rng, split), v)
            cat = "placeholder"
        elif kind == 2:
            lab = rng.choice(harmless)
            v = rand(rng, rng.choice([40, 64]), "0123456789abcdef")
            text = f"{lab}={v}" if rng.random() < .5 else f"{lab}: {v}"
            cat = "hash-id"
        elif kind == 3:
            v = f"{rng.randrange(16**8):08x}-{rng.randrange(16**4):04x}-4{rng.randrange(16**3):03x}-a{rng.randrange(16**3):03x}-{rng.randrange(16**12):012x}"
            text = f"{rng.choice(harmless)}: {v}"
            cat = "uuid"
        elif kind == 4:
            v = rng.choice(["max_tokens=4096", "token_count: 812", "key_rotation_days = 90", "password_min_length=12",
                            "api_version: 2023-10-01", "auth_method: oauth2", "secret_name: prod/db/creds",
                            "token_ttl=3600", "key_algorithm: RSA-2048", "api_url=https://api.internal/v2"])
            text = f"{v}"
            cat = "metadata"
        elif kind == 5:
            w = rng.choice(["keyboard", "monkey", "turkey", "hockey", "passage", "compass", "bypass", "authority",
                            "author", "secretary", "tokenizer", "apiary", "password reset"])
            text = f"The {w} is {rng.choice(['ready', 'broken', 'on the desk', 'important', 'done'])}."
            cat = "prose"
        elif kind == 6:
            p = "/".join(rand(rng, rng.randint(3, 8), string.ascii_lowercase) for _ in range(3))
            text = f"{rng.choice(['key_file', 'token_path', 'secret_ref', 'password_file'])}=/etc/{p}.pem"
            v = f"/etc/{p}.pem"
            cat = "path-ref"
        else:
            v = rand(rng, 40, string.ascii_letters + string.digits)
            text = f"{rng.choice(harmless)} {v} deployed to {rng.choice(['prod', 'staging'])}"
            cat = "random-harmless-label"
        recs.append({"id": f"{['dev','heldout'][split]}-neg-{i}", "category": cat, "text": text,
                     "keep": [v if v in text else text]})
    return recs

def secrets(rng, split):
    recs = []
    n = 0
    mine = [t for k, t in enumerate(TEMPLATES) if k % 2 == split]
    for rep in range(12):
        for ctx, tpl in mine:
            v = value(rng)
            text = tpl(rng, svc_label(rng, split), v)
            if v not in text:  # escaped forms: the record lists the form that appears
                forms = [urllib.parse.quote(v, safe=''), json.dumps(v)[1:-1], json.dumps(json.dumps(v)[1:-1])[1:-1]]
                v = next((f for f in forms if f in text), None)
                if v is None:
                    continue
            recs.append({"id": f"{['dev','heldout'][split]}-sec-{n}", "kind": "generic", "context": ctx,
                         "text": text, "secrets": [v]})
            n += 1
    return recs

def main():
    for split, name in ((0, "dev"), (1, "heldout")):
        rng = random.Random(1400 + split)
        for what, recs in (("secrets", secrets(rng, split)), ("negatives", negatives(rng, split))):
            with open(os.path.join(HERE, f"{name}-{what}.jsonl"), "w") as f:
                for r in recs:
                    f.write(json.dumps(r) + "\n")

if __name__ == "__main__":
    main()
