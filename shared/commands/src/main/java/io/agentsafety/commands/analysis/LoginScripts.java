package io.agentsafety.commands.analysis;

/** Files whose text a shell or git runs later (login scripts, git and husky hooks): text written there is judged now. */
final class LoginScripts {

    private static final java.util.regex.Pattern LOGIN_SCRIPT = java.util.regex.Pattern.compile(
        "(~|/root|/home/[^/]+|/Users/[^/]+)/\\.(bashrc|bash_profile|bash_login|bash_logout|profile|zshrc|zprofile|zshenv|zlogin)"
            + "|/etc/(profile|bash\\.bashrc|bashrc|zshrc|zprofile|rc\\.local|environment)|/etc/profile\\.d/[^/]+"
            // git and husky hooks run at the next commit, checkout, push...
            + "|(?:.*/)?\\.git/hooks/[^/]+|(?:.*/)?\\.husky/[^/_][^/]*");

    private final Interpreter interpreter;

    LoginScripts(Interpreter interpreter) {
        this.interpreter = interpreter;
    }

    /** Text written into a shell startup file runs at the next login ({@code echo 'rm -rf ~' >> ~/.bashrc}). */
    void wrote(Arg target, Content content, Env env, int depth) {
        if (content == null || !content.isText() || target.text().length() > 256) {
            return;
        }
        String normalized = ArgClasses.normalize(target.text(), env.cwd);
        String path = normalized != null ? normalized : target.text();
        if (LOGIN_SCRIPT.matcher(path).matches()) {
            interpreter.runShellText(content.text(), new Env(null), depth + 1, Content.NONE);
        }
    }
}
