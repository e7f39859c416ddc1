package io.agentsafety.redaction;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Red-team cases written independently of the sample corpora: secret formats from the vendors'
 * published token layouts in many surrounding contexts (source code, shell, HTTP dumps, config
 * formats, CI, connection strings, escaped JSON), and false-positive traps that must be kept.
 * Values are generated from a fixed seed in the documented shapes; none is a real credential.
 * In a redact case the text between « and » must disappear and nothing outside a marked span may
 * be reported; a keep case must come back unchanged.
 */
class UnseenFormatsTest {

    private static final Redactor REDACTOR = Redactor.builtIn();
    private static final RandomText TEXT = new RandomText(20261129L);
    private static final Random RND = TEXT.random();

    private static final String AN = RandomText.AN;
    private static final String LAN = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String UAN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String HEX = "0123456789abcdef";
    private static final String B64 = AN + "+/";
    private static final String URLSAFE = AN + "_-";

    private static String pick(String alphabet, int n) {
        return TEXT.pick(alphabet, n);
    }

    private static String an(int n) { return pick(AN, n); }
    private static String lan(int n) { return pick(LAN, n); }
    private static String uan(int n) { return pick(UAN, n); }
    private static String hex(int n) { return pick(HEX, n); }
    private static String b64(int n) { return pick(B64, n); }
    private static String url(int n) { return pick(URLSAFE, n); }

    private static String uuid() {
        return hex(8) + "-" + hex(4) + "-4" + hex(3) + "-a" + hex(3) + "-" + hex(12);
    }

    /** A human-chosen looking password: letters, digits and punctuation. */
    private static String pw() {
        return pick("BCDFGHJKLMNPQRSTVWXZ", 1) + pick("aeiou", 1) + pick("bcdfghjkmnprstvwz", 3) + pick("!#%*?", 1)
            + pick("0123456789", 3) + pick("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", 4);
    }

    private static String jwt() {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
            ("{\"sub\":\"" + lan(10) + "\",\"iat\":" + (1700000000 + RND.nextInt(1000000)) + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + url(43);
    }

    private static String basic(String user, String pass) {
        return Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
    }

    private static String pemBody(int lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            sb.append(b64(64)).append('\n');
        }
        return sb.append(b64(20)).append("==\n").toString();
    }

    private static String pem(String label) {
        return "-----BEGIN " + label + "-----\n" + pemBody(6) + "-----END " + label + "-----";
    }

    static List<String> redactCases() {
        List<String> c = new ArrayList<>();
        // ---- source code
        c.add("client = Client(api_key=\"«" + an(40) + "»\", region=\"eu\")");
        c.add("config = {\"secret_key\": \"«" + b64(40) + "»\", \"debug\": True}");
        c.add("const cfg = { apiKey: '«" + an(32) + "»', timeout: 30 };");
        c.add("fetch(url, { headers: { 'X-Api-Key': '«" + an(32) + "»' } })");
        c.add("client := stripe.New(\"«sk_live_" + an(24) + "»\")");
        c.add("cfg := Config{Token: \"«" + an(40) + "»\", Debug: true}");
        c.add("new BasicAWSCredentials(\"«AKIA" + pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16) + "»\", \"«" + b64(40) + "»\");");
        c.add("props.setProperty(\"mail.smtp.password\", \"«" + pw() + "»\");");
        c.add("config.api_key = \"«" + an(32) + "»\"");
        c.add("conn = Mysql2::Client.new(host: 'db', username: 'app', :password => \"«" + pw() + "»\")");
        c.add("$config['db_password'] = '«" + pw() + "»';");
        c.add("define('AUTH_KEY', '«" + an(20) + "#" + an(20) + "%" + an(20) + "»');");
        c.add("define( 'DB_PASSWORD', '«" + pw() + "»' );");
        c.add("options.ClientSecret = \"«" + an(34) + "»\";");
        c.add("val apiKey = \"«" + an(36) + "»\"");
        c.add("let token = \"«" + an(40) + "»\";");
        c.add("os.environ.setdefault(\"OPENAI_API_KEY\", \"«sk-proj-" + url(80) + "T3BlbkFJ" + url(40) + "»\")");
        c.add("headers.put(\"X-Api-Key\", \"«" + an(32) + "»\");");
        c.add("request.setHeader(\"Authorization\", \"Bearer «" + an(40) + "»\");");
        c.add("private static final String SECRET = \"«" + an(16) + "/" + an(16) + "+" + an(8) + "»\";");
        c.add("db = psycopg2.connect(host=\"db\", user=\"app\", password=\"«" + pw() + "»\")");
        c.add("mongoose.connect(`mongodb+srv://app:«" + an(20) + "»@cluster0." + lan(5) + ".mongodb.net/prod`)");
        c.add("String json = \"{\\\"password\\\":\\\"«" + an(18) + "»\\\"}\";");
        // ---- shell
        c.add("export STRIPE_SECRET_KEY=«sk_live_" + an(99) + "»");
        c.add("+ curl -sS -H 'Authorization: Bearer «" + an(40) + "»' https://api.example.org/v1/me");
        c.add("+ curl -H 'X-Auth-Token: «" + an(40) + "»' https://api.example.org/");
        c.add(" 1023  export VAULT_TOKEN=«hvs." + an(24) + "»");
        c.add("$ psql \"postgresql://app:«" + an(20) + "»@db.internal:5432/app\"");
        c.add("$ wandb login «" + hex(40) + "»");
        c.add("$ heroku config:set STRIPE_KEY=«sk_live_" + an(24) + "» -a myapp");
        // ---- HTTP dumps
        c.add("GET /v2/items HTTP/1.1\nHost: api.example.org\nX-Api-Key: «" + an(32) + "»\nAccept: */*");
        c.add("POST /ingest HTTP/1.1\nApi-Key: «" + an(40) + "»\nContent-Type: application/json");
        c.add("> X-Auth-Token: «" + an(40) + "»");
        c.add("Cookie: _ga=GA1.2.1234567.1700000000; session=«" + url(48) + "»");
        c.add("Set-Cookie: sessionid=«" + lan(32) + "»; Path=/; HttpOnly; Secure");
        c.add("Proxy-Authorization: Basic «" + basic("proxy", pw()) + "»");
        c.add("X-Vault-Token: «hvs." + an(90) + "»");
        c.add("> X-Shopify-Access-Token: «shpat_" + hex(32) + "»");
        c.add("Authorization: Splunk «" + uuid() + "»");
        c.add("X-Postmark-Server-Token: «" + uuid() + "»");
        c.add("PRIVATE-TOKEN: «glpat-" + url(20) + "»");
        c.add("X-Figma-Token: «figd_" + url(40) + "»");
        c.add("Ocp-Apim-Subscription-Key: «" + hex(32) + "»");
        c.add("x-goog-api-key: «AIza" + url(35) + "»");
        c.add("Set-Cookie: remember_token=«" + jwt() + "»; Max-Age=2592000");
        c.add("Fastly-Key: «" + url(32) + "»");
        c.add("X-Auth-Key: «" + hex(37) + "»\nX-Auth-Email: ops@example.org");
        // ---- config formats
        c.add("{\"client_secret\": \"«" + an(40) + "»\", \"client_id\": \"" + lan(12) + "\"}");
        c.add("auth:\n  api_token: «" + an(40) + "»\n  retries: 3");
        c.add("[auth]\ntoken = \"«" + an(40) + "»\"");
        c.add("[database]\nhost=db\npassword=«" + pw() + "»");
        c.add("app.jwt.signing-key=«" + b64(64) + "»");
        c.add("STRIPE_WEBHOOK_SECRET=«whsec_" + an(32) + "»");
        c.add("ENV API_TOKEN=«" + an(40) + "»");
        c.add("ENV DB_PASSWORD «" + pw() + "»");
        c.add("ARG NPM_TOKEN=«npm_" + an(36) + "»");
        c.add("db_password = \"«" + pw() + "»\"");
        c.add("{\"attributes\": {\"password\": \"«" + pw() + "»\", \"username\": \"admin\"}}");
        c.add("apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\nstringData:\n  API_KEY: «" + an(32) + "»\n");
        c.add("env:\n  - name: STRIPE_API_KEY\n    value: «sk_live_" + an(24) + "»");
        c.add("services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=«" + pw() + "»");
        c.add("services:\n  db:\n    environment:\n      MYSQL_ROOT_PASSWORD: «" + pw() + "»");
        c.add("spring:\n  datasource:\n    password: «" + pw() + "»");
        c.add("<connectionStrings><add name=\"db\" connectionString=\"Server=db;Database=app;User Id=sa;Password=«" + pw() + "»;\"/></connectionStrings>");
        // ---- CI logs and stack traces
        c.add("2026-11-29T10:00:00Z [deploy] using token «ghp_" + an(36) + "» for push");
        c.add("Error: 401 Unauthorized: invalid api key «sk_live_" + an(24) + "»");
        c.add("java.lang.IllegalStateException: login failed for password=«" + pw() + "»\n\tat com.example.Db.open(Db.java:42)");
        // ---- URLs
        c.add("GET /v1/data?api_key=«" + an(32) + "»&format=json HTTP/1.1");
        c.add("https://hooks.example.org/notify?user=ops&token=«" + an(40) + "»");
        c.add("https://acct.blob.core.windows.net/c/f.txt?sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2026-12-01T00:00:00Z&sig=«" + an(40) + "%2B" + an(3) + "%3D»");
        c.add("https://app.example.org/callback#access_token=«" + an(40) + "»&token_type=bearer");
        c.add("wss://stream.example.org/ws?access_token=«" + jwt() + "»");
        // ---- connection strings
        c.add("jdbc:postgresql://db:5432/app?user=app&password=«" + pw() + "»&ssl=true");
        c.add("Driver={ODBC Driver 18 for SQL Server};Server=db;Uid=sa;Pwd=«" + pw() + "»;");
        c.add("Server=tcp:db.example.org,1433;Initial Catalog=app;User ID=app;Password=«" + pw() + "»;Encrypt=True;");
        c.add("REDIS_URL=redis://:«" + an(24) + "»@cache.internal:6379/0");
        c.add("amqps://app:«" + an(20) + "»@mq.example.org:5671/vhost");
        c.add("mongodb://admin:«" + an(20) + "»@10.0.0.5:27017/?authSource=admin");
        c.add("spring.ldap.password=«" + pw() + "»");
        c.add("bindPassword: «" + pw() + "»");
        // ---- private keys
        c.add("«" + pem("OPENSSH PRIVATE KEY") + "»");
        c.add("«" + pem("EC PRIVATE KEY") + "»");
        c.add("«" + pem("DSA PRIVATE KEY") + "»");
        c.add("«" + pem("ENCRYPTED PRIVATE KEY") + "»");
        c.add("«" + pem("PRIVATE KEY") + "»");
        c.add("«" + "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + pemBody(6) + "=" + b64(4) + "\n-----END PGP PRIVATE KEY BLOCK-----" + "»");
        c.add("{\"private_key\": \"«-----BEGIN PRIVATE KEY-----\\n" + b64(64) + "\\n" + b64(64) + "\\n-----END PRIVATE KEY-----\\n»\"}");
        c.add("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: ops\nPublic-Lines: 2\n" + b64(64) + "\n" + b64(4) + "\nPrivate-Lines: 1\n«" + b64(44) + "»\nPrivate-MAC: " + hex(64));
        c.add("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC," + hex(32).toUpperCase() + "\n\n«" + b64(64) + "»\n" + "-----END RSA PRIVATE KEY-----");
        // ---- punctuation and quoting
        c.add("`«ghp_" + an(36) + "»`");
        c.add("«ghp_" + an(36) + "» was leaked");
        c.add("(token «xoxb-" + "1234567890-1234567890123-" + an(24) + "»)");
        c.add("[«sk_live_" + an(24) + "»]");
        c.add("{\"key\":\"«AKIA" + pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16) + "»\"}");
        c.add("'«glpat-" + url(20) + "»',");
        // ---- vendor formats
        c.add("JIRA_API_TOKEN=«ATATT3xFfGF0" + url(170) + "=" + hex(8).toUpperCase() + "»");
        c.add("curl -u me@example.org:«ATATT3xFfGF0" + url(170) + "=" + hex(8).toUpperCase() + "» https://acme.atlassian.net/rest/api/3/myself");
        c.add("Authorization: SSWS «00" + url(40) + "»");
        c.add("okta.client.token=«00" + url(40) + "»");
        c.add("postman_api_key: «PMAK-" + hex(24) + "-" + hex(34) + "»");
        c.add("ALGOLIA_ADMIN_KEY=«" + hex(32) + "»");
        c.add("FASTLY_API_TOKEN=«" + url(32) + "»");
        c.add("NETLIFY_AUTH_TOKEN=«nfp_" + an(36) + "»");
        c.add("VERCEL_TOKEN=«" + an(24) + "»");
        c.add("figma token «figd_" + url(40) + "»");
        c.add("GRAFANA_TOKEN=«glsa_" + an(32) + "_" + hex(8) + "»");
        c.add("grafana_cloud: «glc_eyJvIjoi" + an(60) + "In19»");
        c.add("DROPBOX_ACCESS_TOKEN=«sl." + url(136) + "»");
        c.add("accessKeyId: «LTAI" + an(20) + "»");
        c.add("MAPBOX_SECRET=«sk.eyJ1Ijoi" + url(40) + "." + url(22) + "»");
        c.add("AIRTABLE_TOKEN=«pat" + an(14) + "." + hex(64) + "»");
        c.add("SNYK_TOKEN=«" + uuid() + "»");
        c.add("sonar.token=«sqp_" + hex(40) + "»");
        c.add("SONAR_TOKEN=«squ_" + hex(40) + "»");
        c.add("CONTENTFUL_MANAGEMENT_TOKEN=«CFPAT-" + url(43) + "»");
        c.add("password: «pscale_pw_" + url(43) + "»");
        c.add("PLANETSCALE_SERVICE_TOKEN=«pscale_tkn_" + url(43) + "»");
        c.add("RENDER_API_KEY=«rnd_" + an(32) + "»");
        c.add("POSTMARK_SERVER_TOKEN=«" + uuid() + "»");
        c.add("access_token: «access-production-" + uuid() + "»");
        c.add("PLAID_SECRET=«" + hex(30) + "»");
        c.add("COINBASE_API_SECRET=«" + b64(86) + "==»");
        c.add("BRAINTREE_TOKEN=«access_token$production$" + lan(16) + "$" + hex(32) + "»");
        c.add("PAYPAL_CLIENT_SECRET=«E" + url(79) + "»");
        c.add("ADOBE_CLIENT_SECRET=«p8e-" + url(32) + "»");
        c.add("asana token «1/" + (1000000000000000L + RND.nextInt(999999999)) + ":" + hex(32) + "»");
        c.add("ASANA_PAT=«2/" + (1000000000000000L + RND.nextInt(999999999)) + "/" + (1000000000000000L + RND.nextInt(999999999)) + ":" + hex(32) + "»");
        c.add("BITBUCKET_APP_PASSWORD=«ATBB" + an(32) + "»");
        c.add("AZURE_CLIENT_SECRET=«" + an(3) + "8Q~" + url(34) + "»");
        c.add("\"refresh_token\": \"«1//0g" + url(100) + "»\"");
        c.add("FCM_SERVER_KEY=«AAAA" + url(7) + ":APA91b" + url(134) + "»");
        c.add("SHOPIFY_API_SECRET=«shpss_" + hex(32) + "»");
        c.add("TWITCH_CLIENT_SECRET=«" + lan(30) + "»");
        c.add("ZOOM_CLIENT_SECRET=«" + an(32) + "»");
        c.add("DT_API_TOKEN=«dt0c01." + uan(24) + "." + uan(64) + "»");
        c.add("SUMO_ACCESS_KEY=«" + an(64) + "»");
        c.add("CLOUDFLARE_API_TOKEN=«" + url(40) + "»");
        c.add("HEROKU_API_KEY=«HRKU-AA" + url(58) + "»");
        c.add("FLY_API_TOKEN=«fo1_" + url(43) + "»");
        c.add("Authorization: FlyV1 «fm2_" + url(120) + "»");
        c.add("RAILWAY_TOKEN=«" + uuid() + "»");
        c.add("CO_API_KEY=«" + an(40) + "»");
        c.add("MISTRAL_API_KEY=«" + an(32) + "»");
        c.add("client = OpenAI(api_key=\"«sk-" + hex(32) + "»\", base_url=\"https://api.deepseek.com\")");
        c.add("TOGETHER_API_KEY=«" + hex(64) + "»");
        c.add("LANGCHAIN_API_KEY=«lsv2_sk_" + hex(32) + "_" + hex(10) + "»");
        c.add("WANDB_API_KEY=«" + hex(40) + "»");
        c.add("«pplx-" + an(48) + "»");
        c.add("xai key: «xai-" + an(80) + "»");
        c.add("OPENROUTER_API_KEY=«sk-or-v1-" + hex(64) + "»");
        c.add("pinecone.init(api_key=\"«pcsk_" + an(5) + "_" + an(60) + "»\")");
        c.add("\"dsn\": \"https://«" + hex(32) + "»@o" + (100000 + RND.nextInt(900000)) + ".ingest.sentry.io/" + (1000000 + RND.nextInt(9000000)) + "\"");
        c.add("DATADOG_API_KEY=«" + hex(32) + "»");
        c.add("NEW_RELIC_LICENSE_KEY=«" + hex(36) + "NRAL»");
        // ---- round 2: encodings, string prefixes, protocol transcripts, shell idioms
        c.add("data=%7B%22password%22%3A%22«" + an(14) + "»%22%7D");
        c.add("next=%2Fhome%3Fq%3D%7B%22api_key%22%3A%22«" + an(32) + "»%22%7D");
        c.add("api_key = b\"«" + an(32) + "»\"");
        c.add("SECRET_KEY = r'«" + an(20) + "&" + an(20) + "»'");
        c.add("var conn = @\"Server=db;User Id=sa;Password=«" + pw() + "»;\";");
        c.add("C: AUTH PLAIN «" + Base64.getEncoder().encodeToString(("\0mail\0" + pw()).getBytes(StandardCharsets.UTF_8)) + "»");
        c.add("> USER deploy\n< 331 Password required for deploy\n> PASS «" + pw() + "»");
        c.add("network={\n  ssid=\"office\"\n  psk=\"«" + an(16) + "»\"\n}");
        c.add("echo \"«" + pw() + "»\" | sudo -S systemctl restart app");
        c.add("echo 'ops:«" + pw() + "»' | chpasswd".replace("'ops:«", "'«ops:"));
        c.add("net user svc_sql «" + pw() + "» /add /domain");
        c.add("echo \"::add-mask::«" + an(24) + "»\"");
        c.add("\"Env\": [\"DB_PASSWORD=«" + pw() + "»\", \"PATH=/usr/bin\"]");
        c.add("helm upgrade app ./chart --set auth.password=«" + pw() + "» --set image.tag=1.2.3");
        c.add("terraform apply -var 'db_password=«" + pw() + "»'");
        c.add("ansible_become_pass=«" + pw() + "»");
        c.add("os.Setenv(\"API_KEY\", \"«" + an(32) + "»\")");
        c.add("System.setProperty(\"javax.net.ssl.keyStorePassword\", \"«" + pw() + "»\");");
        c.add("Cookie: connect.sid=«s%3A" + url(32) + "." + url(27) + "»");
        c.add("Cookie: JSESSIONID=«" + hex(32).toUpperCase() + "»; Path=/");
        c.add("https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=«" + hex(64) + "»");
        c.add("User(name=bob, password=«" + pw() + "», role=admin)");
        // ---- round 3: prefixed vendor tokens without a telling key, webhook URLs, JWK private members
        c.add("resend = Resend(\"«re_" + an(8) + "_" + an(24) + "»\")");
        c.add("client = TavilyClient(\"«tvly-dev-" + an(32) + "»\")");
        c.add("Sandbox.create(api_key=\"«e2b_" + hex(40) + "»\")");
        c.add("neonctl projects list --api-key «napi_" + lan(64) + "»");
        c.add("tailscale up --auth-key=«tskey-auth-k" + an(10) + "CNTRL-" + an(32) + "»");
        c.add("headers = {\"X-JFrog-Art-Api\": \"«AKCp" + an(69) + "»\"}");
        c.add("-H \"X-Octopus-ApiKey: «API-" + uan(27) + "»\"");
        c.add("POST https://fn-" + lan(6) + ".azurewebsites.net/api/HttpTrigger1?code=«" + url(54) + "==»&clientId=default");
        c.add("webhook: https://acme.webhook.office.com/webhookb2/«" + uuid() + "@" + uuid() + "/IncomingWebhook/" + hex(32) + "/" + uuid() + "»");
        c.add("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + url(43) + "\",\"d\":\"«" + url(43) + "»\"}");
        c.add("wallet:\n  mnemonic: \"«abandon ability able about above absent absorb abstract absurd abuse access accident»\"");
        c.add("PRIVATE_KEY=«0x" + hex(64) + "»");
        c.add("SUPABASE_SERVICE_KEY=«sb_secret_" + url(32) + "»");
        c.add("LANGFUSE_SECRET_KEY=«sk-lf-" + uuid() + "»");
        c.add("--slack-token «xoxe.xoxp-1-" + an(140) + "»");
        // ---- round 4: setters without '=', block scalars, quoted values holding separators
        c.add("db:\n  password: |\n    «" + pw() + "»\n  user: app");
        c.add("SetEnv DB_PASSWORD «" + pw() + "»");
        c.add("set -gx OPENAI_API_KEY «sk-proj-" + url(60) + "»");
        c.add("setenv API_TOKEN «" + an(32) + "»");
        c.add("setx API_TOKEN «" + an(32) + "» /M");
        c.add("aws configure set aws_secret_access_key «" + b64(40) + "» --profile prod");
        c.add("gh secret set DEPLOY_KEY --body \"«" + an(32) + "»\"");
        c.add("Data Source=db;Initial Catalog=app;User ID=sa;Password=\"«" + an(4) + ";" + an(10) + "»\";");
        c.add("spring.datasource.url=jdbc:oracle:thin:app/«" + an(14) + "»@db:1521/ORCL");
        c.add("kubectl create secret generic db --from-literal=password=«" + pw() + "»");
        c.add("ldapsearch -x -D cn=admin,dc=example,dc=org -w «" + pw() + "» -b dc=example,dc=org");
        c.add("az login --service-principal -u " + uuid() + " -p «" + an(3) + "8Q~" + url(34) + "» --tenant t");
        // ---- round 5: HTML-escaped JSON, double-escaped PEM
        c.add("headers = {\"token\": \"Bearer «" + an(40) + "»\"}");
        c.add("graph.facebook.com/v19.0/me?access_token=«EAAB" + an(120) + "»");
        c.add("BREVO_API_KEY=«xkeysib-" + hex(64) + "-" + an(16) + "»");
        c.add("Authorization: Bearer «lin_oauth_" + hex(64) + "»");
        c.add("x-api-key: «pat." + url(22) + "." + hex(24) + "." + an(20) + "»");
        c.add("Authorization: Bearer «AAAAAAAAAAAAAAAAAAAAA" + an(10) + "%2B" + an(20) + "%3D" + an(50) + "»");
        // ---- quotes inside values: nothing of the value may survive
        c.add("UPDATE cfg SET v = 'x' WHERE password='«" + an(6) + "''" + an(8) + "»'");
        c.add("{\"password\":\"«" + an(6) + "\\\"" + an(8) + "»\",\"user\":\"app\"}");
        c.add("log: \"{\\\"api_key\\\":\\\"«" + an(32) + "»\\\",\\\"user\\\":\\\"app\\\"}\"");
        c.add("{\"Tags\": [{\"Key\": \"db_password\", \"Value\": \"«" + pw() + "»\"}]}");
        c.add("[{\"ParameterKey\": \"DBPassword\", \"ParameterValue\": \"«" + pw() + "»\"}]");
        c.add("aws ssm put-parameter --name /prod/db/password --value \"«" + pw() + "»\" --type SecureString");
        c.add("> Authorization: «lin_api_" + an(40) + "»");
        c.add("http GET api.example.org/v1/me Authorization:«" + an(40) + "»");
        c.add("EMAIL_HOST_PASSWORD = \"«" + pick("abcdefghijklmnopqrstuvwxyz", 4) + " " + pick("abcdefghijklmnopqrstuvwxyz", 4) + " "
            + pick("abcdefghijklmnopqrstuvwxyz", 4) + " " + pick("abcdefghijklmnopqrstuvwxyz", 4) + "»\"");
        c.add("127.0.0.1:6379> AUTH «" + an(20) + "»");
        c.add("{\"outputs\": {\"db_password\": {\"sensitive\": true, \"type\": \"string\", \"value\": \"«" + pw() + "»\"}}}");
        c.add("<div data-config=\"{&quot;password&quot;: &quot;«" + pw() + "»&quot;}\">");
        c.add("{&#34;api_key&#34;:&#34;«" + an(32) + "»&#34;}");
        c.add("{\"key\": \"«-----BEGIN RSA PRIVATE KEY-----\\\\n" + b64(64) + "\\\\n" + b64(64) + "\\\\n-----END RSA PRIVATE KEY-----»\"}");
        return c;
    }

    static List<String> keepCases() {
        List<String> c = new ArrayList<>();
        c.add("const stripe = Stripe('pk_live_" + an(24) + "');");
        c.add("token: ${{ secrets.GH_TOKEN }}");
        c.add("  env:\n    NPM_TOKEN: ${{ secrets.NPM_TOKEN }}");
        c.add("role_arn = \"arn:aws:iam::123456789012:role/deploy\"");
        c.add("aws_account_id: 123456789012");
        c.add("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + b64(43) + " ops@laptop");
        c.add("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ" + b64(300) + " deploy@ci");
        c.add(pem("CERTIFICATE"));
        c.add("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n" + pemBody(5) + "-----END PGP PUBLIC KEY BLOCK-----");
        c.add(pem("PUBLIC KEY"));
        c.add("commit " + hex(40) + "\nAuthor: Dev <dev@example.org>\nDate:   Sun Nov 29 10:00:00 2026 +0000");
        c.add("image: registry.example.org/app@sha256:" + hex(64));
        c.add("\"integrity\": \"sha512-" + b64(86) + "==\"");
        c.add("github.com/google/uuid v1.6.0 h1:" + b64(43) + "=");
        c.add("checksum = \"" + hex(64) + "\"");
        c.add("request_id=" + uuid() + " trace_id=" + hex(32) + " span_id=" + hex(16));
        c.add("traceparent: 00-" + hex(32) + "-" + hex(16) + "-01");
        c.add("X-Request-Id: " + uuid());
        c.add("{\"id\": \"01HF" + pick("0123456789ABCDEFGHJKMNPQRSTVWXYZ", 22) + "\", \"status\": \"ok\"}");
        c.add("<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA" + b64(200) + "==\">");
        c.add("var a=b.c,d=e.f;function g(h){return h.i&&h.j}var k=g(a)||d;");
        c.add("Passwords must be at least 12 characters and contain a digit; tokens expire after 1 hour.");
        c.add("password: null");
        c.add("password=\"\"");
        c.add("token: <redacted>");
        c.add("api_key: \"${API_KEY}\"");
        c.add("password: {{ .Values.db.password }}");
        c.add("dsn = \"dbname=app user=app password=%(password)s\"");
        c.add("mysql -u app -p$PASSWORD app");
        c.add("api_key = os.getenv(\"API_KEY\")");
        c.add("OPENAI_API_KEY=sk-****abcd");
        c.add("GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        c.add("aws_access_key_id = AKIAIOSFODNN7EXAMPLE");
        c.add("def connect(password: str, token: Optional[str] = None) -> Connection:");
        c.add("password: str = Field(..., min_length=8)");
        c.add("\"password\": {\"type\": \"string\", \"minLength\": 12}");
        c.add("token = request.headers.get(\"Authorization\")");
        c.add("secret_name = \"prod/db/credentials\"");
        c.add("tokenizer = AutoTokenizer.from_pretrained(\"bert-base-uncased\")");
        c.add("max_tokens: 4096");
        c.add("auth_method: oauth2");
        c.add("sort_key = \"created_at\"");
        c.add("cache_key = f\"user:{user_id}\"");
        c.add("@Value(\"${jwt.secret}\") private String secret;");
        c.add("PasswordEncoder passwordEncoder = new BCryptPasswordEncoder();");
        c.add("{\"token_type\": \"Bearer\", \"expires_in\": 3600, \"scope\": \"read\"}");
        c.add("Authorization: Bearer ${TOKEN}");
        c.add("apiKey: process.env.API_KEY,");
        c.add("api_key=None");
        c.add("etag: \"" + hex(32) + "\"");
        c.add("Content-MD5: " + b64(22) + "==");
        c.add("metadata:\n  uid: " + uuid() + "\n  resourceVersion: \"48213\"");
        c.add("{\"publicKey\": \"B" + url(86) + "\"}");
        c.add("{\"key\": \"Enter\", \"code\": \"Enter\", \"keyCode\": 13}");
        c.add("\"nextPageToken\": \"" + b64(40) + "\"");
        c.add("{\"sha\": \"" + hex(40) + "\", \"node_id\": \"C_kwDO" + an(30) + "\"}");
        c.add("- name: API_TOKEN\n  valueFrom:\n    secretKeyRef:\n      name: api\n      key: token");
        c.add("password = getpass.getpass(\"Password: \")");
        c.add("token_url = \"https://oauth2.googleapis.com/token\"");
        c.add("Caused by: java.sql.SQLException: Access denied for user 'app'@'10.0.0.1' (using password: YES)");
        c.add("if (password.length < 8) throw new Error('password too short');");
        c.add("secretsmanager:GetSecretValue on arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbC123");
        c.add("\"key_fingerprint\": \"SHA256:" + b64(43) + "\"");
        c.add("Bearer token authentication is configured in the gateway.");
        c.add("x-amz-cf-id: " + url(56) + "==");
        c.add("npm notice shasum: " + hex(40));
        c.add("client_id = \"" + lan(24) + ".apps.googleusercontent.com\"");
        c.add("password_reset_token_ttl_hours: 24");
        c.add("The primary key of the table is (tenant_id, order_id).");
        c.add("{{- $secret := lookup \"v1\" \"Secret\" .Release.Namespace \"db\" }}");
        c.add("export API_KEY=\"$(vault kv get -field=key secret/app)\"");
        c.add("DB_PASSWORD=${DB_PASSWORD:?required}");
        c.add("AUTH_TOKEN: !Ref AuthTokenParameter");
        c.add("password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256");
        c.add("keyboard layout: us; hotkey = ctrl+shift+k");
        c.add("250-AUTH PLAIN LOGIN CRAM-MD5");
        c.add("LANGFUSE_PUBLIC_KEY=pk-lf-" + uuid());
        c.add("\"password\": \"Forgot password?\"");
        c.add("api_key_hash = \"sha256$" + hex(64) + "\"");
        c.add("<replacefilter token=\".qualifier\" value=\".${commit.time.version}\"/>");
        c.add("<replace token=\"$next-version$\" value=\"${project.version}\">");
        c.add("<token>static final int</token>");
        c.add("<infinispan.gpg.key>" + hex(16).toUpperCase() + "</infinispan.gpg.key>");
        c.add("return \"Options[extraSecrets=\" + extraSecrets.size() + \", env=\" + env.keySet();");
        c.add("password = utf8_to_utf16_dup(v);");
        c.add("Set.of(\"--password\", \"--passwd\", \"--token\", \"--secret\")");
        c.add("@ValueSource(strings = {\"github.com/x\", \"/etc/passwd\", \"1http://x/\", \":x\"})");
        c.add("const myURL = new URL('https://abc:xyz@example.com');");
        c.add("Userinfo (`https://token:x-oauth-basic@github.com/`) is allowed");
        c.add("openssl pkcs12 -export -inkey key.pem -in cert.pem -passout pass:sample");
        c.add("redis-cli: [-h, -p, -a, -n, -u, -s, --user, --pass]");
        // ---- code from real libraries (regexes, styles, algorithm tables, signatures)
        c.add("IPV4_PAT = r\"(?:[0-9]{1,3}\\.){3}[0-9]{1,3}\"");
        c.add("longopt_pat = r'[a-zA-Z](?:[a-zA-Z0-9-]*)'");
        c.add("NamedTuple.__text_signature__ = '(typename, fields=None, /, **kwargs)'");
        c.add("Token.Name.Builtin.Translator: \"bold #6200A4\",");
        c.add("SignatureAlgorithmOID.RSA_WITH_SHA512: \"sha512WithRSAEncryption\",");
        c.add("SIGNATURE_HMAC_SHA256 = \"HMAC-SHA256\"");
        c.add("proxy_auth_hdr = \"Proxy-Authorization\"");
        c.add("creds = \" --username=%s --password=%s\" % (user, pw)");
        c.add("AttributeOID.CHALLENGE_PASSWORD: \"challengePassword\",");
        c.add(":type passphrase: :py:data:`bytes`");
        c.add("'Authorization': 'OAuth realm=movies user, oauth_consumer_key=...'");
        c.add("self.sendcmd('USER ' + user)\nresp = self.sendcmd('PASS ' + passwd)");
        c.add("_SK_START = b\"-----BEGIN OPENSSH PRIVATE KEY-----\"\n_SK_END = b\"-----END OPENSSH PRIVATE KEY-----\"");
        c.add("UNRESERVED_PAT = r\"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._!\\-~\"");
        c.add("\"key-signature-interface::alteration-positions\",");
        c.add("authorization: required_for_all_write_operations");
        c.add("aws ssm put-parameter --name /prod/log/level --value debug --type String");
        c.add("{\"Key\": \"Environment\", \"Value\": \"production\"}");
        c.add("vault_token_accessor=" + an(24));
        c.add("Password string `json:\"password\" yaml:\"password\"`");
        c.add("@JsonProperty(\"password\") private String password;");
        c.add("level=info msg=\"done\" tokens_used=1234 token_type=bearer auth=ok secret_version=3 signature=valid sig_alg=RS256 jti=" + uuid());
        c.add("cache hit key=user:12345:profile ttl=300");
        c.add("Found 3 secrets in namespace default: db-password, api-token, tls-cert");
        c.add("signing_key_fingerprint=SHA256:" + b64(43));
        c.add("password_updated_at=2026-11-29T10:00:00Z");
        c.add("auth_provider=google-oauth2|109876543210987654321");
        c.add("\"token_invalid\": \"The link has expired, request a new one.\"");
        c.add("script: |\n  make test");
        c.add("set -x\nset -euo pipefail");
        c.add("aws configure set region eu-west-1");
        c.add("url=jdbc:oracle:thin:@//db:1521/ORCL");
        c.add("const token = await getAccessTokenSilently();");
        c.add("token = jwt.encode(payload, settings.SECRET_KEY, algorithm=\"HS256\")");
        c.add("password_hash = bcrypt.hashpw(password.encode(), bcrypt.gensalt())");
        c.add("<input type=\"password\" name=\"password\" placeholder=\"Password\" autocomplete=\"current-password\">");
        c.add("private_key = serialization.load_pem_private_key(data, password=None)");
        c.add("SECRET_KEY_BASE: <%= Rails.application.credentials.secret_key_base %>");
        c.add("PASSWORD=$(cat /run/secrets/db_password)");
        c.add("export GITHUB_TOKEN=`gh auth token`");
        c.add("KMS key arn:aws:kms:us-east-1:123456789012:key/" + uuid());
        c.add("<Route path=\"/reset-password/:token\" element={<Reset/>} />");
        c.add("{\"type\": \"service_account\", \"private_key_id\": \"" + hex(40) + "\"}");
        c.add("createClient(url, \"sb_publishable_" + url(32) + "\")");
        c.add("{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"" + url(342) + "\",\"kid\":\"" + lan(8) + "\"}");
        c.add("https://fn-app.azurewebsites.net/api/health?probe=1");
        c.add("re_render(); re_init_defaults(); napi_module_register(&m);");
        c.add("PASS src/components/App.test.tsx (3.2 s)");
        c.add("net user svc_backup /delete");
        c.add("echo \"$SUDO_PASSWORD\" | sudo -S true");
        c.add("echo \"::add-mask::${{ steps.token.outputs.value }}\"");
        c.add("ENV DB_PASSWORD_FILE /run/secrets/db_password");
        c.add("SENSITIVE_HEADERS = (\"Authorization\", \"X-Api-Key\", \"Cookie\")");
        c.add("redact_fields(\"password\", \"secret\", \"token\")");
        c.add("idempotency_key = \"" + uuid() + "\"");
        c.add("partition_key: \"" + an(24) + "\"");
        c.add("-----BEGIN PGP SIGNATURE-----\n\n" + pemBody(3) + "=" + b64(4) + "\n-----END PGP SIGNATURE-----");
        c.add("caBundle: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t" + b64(200));
        c.add("certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t" + b64(200));
        c.add("eth address 0x" + hex(40) + " received 1.2 ETH");
        c.add("oid sha256:" + hex(64) + "\nsize 12345");
        c.add("\"token_expired\": \"Your session has expired, please sign in again\"");
        c.add("\"password\": \"Mot de passe\"");
        c.add("private_key_path: ~/.ssh/id_ed25519");
        c.add("credential_process = /usr/local/bin/aws-vault export --format=json prod");
        c.add("|1|" + b64(27) + "=|" + b64(27) + "= ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBB" + b64(80) + "=");
        return c;
    }

    record Marked(String text, List<int[]> spans) {
        static Marked parse(String example) {
            DetectorExamplesTest.Marked m = DetectorExamplesTest.Marked.parse(example);
            return new Marked(m.text(), m.spans());
        }
    }

    @TestFactory
    Stream<DynamicTest> secretsInUnseenFormatsAndContextsAreRedacted() {
        List<DynamicTest> tests = new ArrayList<>();
        List<String> cases = redactCases();
        for (int i = 0; i < cases.size(); i++) {
            Marked m = Marked.parse(cases.get(i));
            String name = "redact #" + i + " " + m.text().substring(0, Math.min(40, m.text().length())).replace('\n', ' ');
            tests.add(DynamicTest.dynamicTest(name, () -> {
                RedactionResult r = REDACTOR.redact(m.text());
                for (int[] span : m.spans()) {
                    String secret = m.text().substring(span[0], span[1]);
                    assertFalse(r.redacted().contains(secret), "secret survived: " + r.redacted());
                    assertTrue(r.findings().stream().anyMatch(f -> f.start() <= span[0] && f.end() >= span[1]),
                        "marked span not fully covered: " + r.redacted());
                }
                for (Finding f : r.findings()) {
                    assertTrue(m.spans().stream().anyMatch(s -> f.start() < s[1] && f.end() > s[0]),
                        "finding outside the marked secret: " + f.kind() + " in " + r.redacted());
                }
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> nonSecretsAndReferencesAreKept() {
        List<DynamicTest> tests = new ArrayList<>();
        List<String> cases = keepCases();
        for (int i = 0; i < cases.size(); i++) {
            String text = cases.get(i);
            String name = "keep #" + i + " " + text.substring(0, Math.min(40, text.length())).replace('\n', ' ');
            tests.add(DynamicTest.dynamicTest(name, () -> {
                RedactionResult r = REDACTOR.redact(text);
                assertEquals(text, r.redacted(), "changed by " + r.findings());
            }));
        }
        return tests.stream();
    }
}
