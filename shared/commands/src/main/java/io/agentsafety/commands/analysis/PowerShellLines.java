package io.agentsafety.commands.analysis;

import java.util.regex.Pattern;

/**
 * A command line written in PowerShell rather than a POSIX shell ({@code Get-ChildItem C:\ -Recurse | Remove-Item
 * -Recurse}, {@code gci -r | ri -fo -r}): agents send both through {@code execute_code}. Read as a POSIX line, its
 * pipelines and backslashes mean something else, so such a line is judged a second time as the code of
 * {@code pwsh -c}, which the PowerShell rules read in PowerShell's own terms. The cue is a cmdlet name (an approved
 * verb, a dash, a noun), one of the aliases that delete or run code, or PowerShell's {@code -Recurse}, as a word. A
 * line asking for {@code -WhatIf} only reports, as the POSIX reading of its command already judges.
 */
public final class PowerShellLines {

    private static final Pattern CMDLET = Pattern.compile("(?i)(?:^|[\\s;|({&])(?:(?:get|set|remove|stop|clear|start|invoke"
        + "|restart|format|initialize|new|copy|move|rename|disable|enable|uninstall|reset|foreach|where|write|out|test|add"
        + "|select|sort|measure|import|export|convertto|convertfrom)-[a-z]{2,}|gci|ri|iex|spps|-recurse)(?=\\s|$|[;|)}])");
    /** A dry run the whole line asks for: the POSIX reading sees it on its command, the code string would hide it. */
    private static final Pattern WHAT_IF = Pattern.compile("(?i)(?:^|\\s)-whatif(?=\\s|$|[;|)}:])");
    /** Cheap pre-check: every cue holds a dash or one of the aliases' letters. */
    private static final Pattern MAY_BE = Pattern.compile("(?i)-[a-z]|\\b(gci|ri|iex|spps)\\b");

    private PowerShellLines() {
    }

    public static boolean looksLikePowerShell(String line) {
        return MAY_BE.matcher(line).find() && CMDLET.matcher(line).find() && !WHAT_IF.matcher(line).find();
    }

    /** {@code pwsh -c 'LINE'}: the line handed whole, single-quoted for the POSIX reading, to PowerShell. */
    public static String asPwshCommand(String line) {
        return "pwsh -c '" + line.replace("'", "'\\''") + "'";
    }
}
