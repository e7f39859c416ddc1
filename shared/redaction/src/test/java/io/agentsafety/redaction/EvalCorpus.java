package io.agentsafety.redaction;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the sample corpora in ../shared/eval (next to the repository root), if present. */
final class EvalCorpus {

    record Record(String id, String label, String text, List<String> targets) {
    }

    private EvalCorpus() {
    }

    static Path locate() {
        String configured = System.getProperty("eval.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            for (Path candidate : List.of(dir.resolve("shared/eval"), dir.resolveSibling("shared").resolve("eval"))) {
                if (Files.isRegularFile(candidate.resolve("secrets.jsonl"))) {
                    return candidate;
                }
            }
            dir = dir.getParent();
        }
        return null;
    }

    static List<Record> read(Path file, String labelField, String targetsField) throws IOException {
        JsonMapper json = JsonMapper.createDefault();
        List<Record> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json.readValue(line, JsonNode.class);
            List<String> targets = new ArrayList<>();
            JsonNode list = node.get(targetsField);
            for (int i = 0; list != null && i < list.size(); i++) {
                targets.add(list.get(i).getStringValue());
            }
            out.add(new Record(node.get("id").getStringValue(), node.get(labelField).getStringValue(),
                node.get("text").getStringValue(), targets));
        }
        return out;
    }
}
