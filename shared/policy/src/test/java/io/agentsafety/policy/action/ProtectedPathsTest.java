package io.agentsafety.policy.action;

import io.agentsafety.policy.config.PolicyConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtectedPathsTest {

    private final ProtectedPaths defaults = new ProtectedPaths(new PolicyConfiguration().getDelete().getProtectedPaths());

    private String glob(String path) {
        return defaults.protectingGlob(ProtectedPaths.normalize(path, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "//", "/.", "/..", "/etc", "/etc/", "/etc/passwd", "/tmp/../etc/shadow", "/usr", "/usr/local/bin",
        "~", "~/", "$HOME", "${HOME}", "~alice", "~/.ssh/id_rsa", "/home", "/home/bob", "/*", "/e*", "~/*", "/var",
        ".git", "repo/.git", "repo/.git/config", "/srv/app/.git", "/boot/vmlinuz", "/System/Library", "\\etc\\passwd"})
    void protectedPathsAreProtected(String path) {
        assertNotNull(glob(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"./build", "build/output", "node_modules", "/tmp/cache", "/var/tmp/job-1", "/home/bob/project/dist",
        "~/project/build", "/opt/app/cache", "/srv/app/tmp", "dist/*.js", ".github/workflows/old.yml", "/data/exports/2024"})
    void ordinaryPathsAreNot(String path) {
        assertNull(glob(path), path);
    }

    @Test
    void relativePathsResolveAgainstTheirBase() {
        ProtectedPaths.NormalizedPath base = ProtectedPaths.normalize("/etc", null);
        assertNotNull(defaults.protectingGlob(ProtectedPaths.normalize("nginx", base)));
        ProtectedPaths.NormalizedPath climbing = ProtectedPaths.normalize("../../x", null);
        assertTrue(climbing.escapesBase());
        assertEquals("/", ProtectedPaths.normalize("/a/../..", null).display());
    }

    @Test
    void operatorGlobsWork() {
        ProtectedPaths custom = new ProtectedPaths(List.of("/data/**", "**/*.sqlite"));
        assertNotNull(custom.protectingGlob(ProtectedPaths.normalize("/data/x/y", null)));
        assertNotNull(custom.protectingGlob(ProtectedPaths.normalize("app/db/main.sqlite", null)));
        assertNull(custom.protectingGlob(ProtectedPaths.normalize("/datastore", null)));
    }

    /** One glob matcher ({@code io.agentsafety.commands.Glob}): classes work in the path and in the protected globs. */
    @Test
    void characterClassesMatchOnBothSides() {
        // the shell expands /e[t]c to /etc: deleting it touches /etc (the old matcher read [ literally and let it pass)
        assertNotNull(glob("/e[t]c"));
        assertNotNull(glob("/[a-f]tc/passwd"));
        assertNotNull(glob("/e?c"));
        assertNull(glob("/tmp/[a-z]uild"));
        ProtectedPaths custom = new ProtectedPaths(List.of("/data/[0-9][0-9][0-9][0-9]", "**/*.sqlite[0-9]"));
        assertNotNull(custom.protectingGlob(ProtectedPaths.normalize("/data/2024", null)));
        assertNull(custom.protectingGlob(ProtectedPaths.normalize("/data/exports", null)));
        assertNotNull(custom.protectingGlob(ProtectedPaths.normalize("app/main.sqlite3", null)));
        assertNull(custom.protectingGlob(ProtectedPaths.normalize("app/main.sqlite", null)));
    }

    @Test
    void dotFilesAreMatchedByName() {
        ProtectedPaths custom = new ProtectedPaths(List.of("~/.*", "**/.env"));
        assertNotNull(custom.protectingGlob(ProtectedPaths.normalize("~/.bashrc", null)));
        assertNotNull(custom.protectingGlob(ProtectedPaths.normalize("app/.env", null)));
        assertNull(custom.protectingGlob(ProtectedPaths.normalize("app/env", null)));
    }
}
