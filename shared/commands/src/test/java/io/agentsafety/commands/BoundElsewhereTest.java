package io.agentsafety.commands;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A function that runs commands or deletes recursively, bound to another name and called under it, is not let through
 * as harmless code (these were all allowed before: the call patterns look for the function's own name before a
 * parenthesis). Routine code that only calls such functions under their own names keeps its verdict.
 */
class BoundElsewhereTest {

    private static final CommandAnalyzer ANALYZER = CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS);

    @ParameterizedTest
    @ValueSource(strings = {
        "python3 -c \"import shutil;f=shutil.rmtree;f('/')\"",
        "python3 -c \"import os;f=os.system;f('rm -rf /')\"",
        "python3 -c \"from shutil import rmtree as r; r('/')\"",
        "python3 -c \"import shutil; list(map(shutil.rmtree, ['/']))\"",
        "python3 -c \"import subprocess as sp; sp.run('rm -rf /', shell=True)\"",
        "python3 -c \"from subprocess import run as r; r('rm -rf /', shell=True)\"",
        "node -e \"const {execSync: run} = require('child_process'); run('rm -rf /')\"",
        "node -e \"const {exec: run} = require('child_process'); run('rm -rf /')\"",
        "node -e \"const run = require('child_process').execSync; run('rm -rf /')\"",
        "node -e \"const rm = require('fs').rmSync; rm('/', {recursive:true})\"",
        "node -e \"const {rmSync: r} = require('fs'); r('/', {recursive:true})\"",
        "ruby -e 'm = FileUtils.method(:rm_rf); m.call(\"/\")'",
    })
    void aDangerousFunctionUnderAnotherNameIsNotAllowed(String command) {
        assertNotEquals(CommandVerdict.ALLOW, ANALYZER.analyzeShell(command).verdict(), command);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "node -e \"const {execSync} = require('child_process'); execSync('ls -la')\"",
        "node -e \"const { execSync, spawn } = require('child_process'); console.log(execSync('git status').toString())\"",
        "node -e \"const {exec} = require('child_process'); exec('ls')\"",
        "node -e \"require('child_process').execSync('npm test', {stdio: 'inherit'})\"",
        "node -e \"const fs = require('fs'); fs.rmSync('dist', {recursive: true, force: true})\"",
        "python3 -c \"import subprocess; subprocess.run(['git', 'status'])\"",
        "python3 -c \"import subprocess; print(subprocess.PIPE)\"",
        "python3 -c \"import numpy as np; print(np.zeros(3))\"",
        "python3 -c \"from os import path as p; print(p.exists('x'))\"",
        "ruby -e 'puts FileUtils.method(:cp)'",
    })
    void routineCodeKeepsItsVerdict(String command) {
        assertEquals(CommandVerdict.ALLOW, ANALYZER.analyzeShell(command).verdict(), command);
    }
}
