package io.agentsafety.commands.analysis;

import io.agentsafety.commands.rules.RulePackIndex;
import io.agentsafety.commands.rules.RulePackLoader;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The built-in YAML documents (the analysis tables and the rule packs), parsed at build time into a compact binary
 * tree that a cold start reads in a few milliseconds instead of running SnakeYAML over ~200 KB (≈ 0.15–0.25 s of CPU
 * on a cold JVM, infra/local/COLD-START.md). The build writes it ({@link #main}, shared/commands' pom, phase
 * {@code process-classes}) with the same parser settings the loaders use, so the loaders' validation runs on the
 * same trees either way.
 *
 * <p>Each document is stored with the length and CRC-32 of the YAML text it came from; {@link #tree} answers only
 * when the text the loader read is that text, so an edited YAML file (e.g. classes not rebuilt) is parsed as YAML,
 * never replaced by a stale prepared form. Values: mappings (insertion order kept, as SnakeYAML's), lists, strings,
 * integers, longs, doubles, booleans, null; any other YAML type fails the build.
 */
public final class PreparedTables {

    public static final String RESOURCE = "io/agentsafety/commands/prepared-tables.bin";
    private static final int MAGIC = 0x41535931; // "ASY1"
    private static final String BASE = "io/agentsafety/commands/";
    /** The analysis tables read through {@link YamlData#resource}; the rule packs come from packs.txt. */
    private static final List<String> TABLES = List.of(ShellKnowledge.RESOURCE, ShellKnowledge.WRAPPERS,
        CommandRunners.RESOURCE, NetworkTools.RESOURCE, ResourceDeletes.RESOURCE);

    private static volatile byte[] prepared;

    private PreparedTables() {
    }

    /**
     * The prepared tree of the classpath resource {@code name}, or null when there is none or it was made from
     * another text than {@code text} (the caller then parses {@code text} itself). Every call decodes a fresh tree,
     * so a caller may keep or change what it gets.
     */
    public static Object tree(String name, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return find(name, true, utf8.length, crc(utf8));
    }

    /**
     * The prepared tree stored under {@code name} without a text to compare it with (a document the build derived,
     * such as {@code RulePackIndex}'s, which checks the texts it was made from itself), or null when there is none.
     */
    public static Object document(String name) {
        return find(name, false, 0, 0);
    }

    /**
     * The tree stored under {@code name}; when {@code checked}, only if it was made from a source of that UTF-8 length
     * and CRC-32. Null when absent, made from another source or damaged. (No lambda: this runs on every start.)
     */
    private static Object find(String name, boolean checked, int sourceLength, long sourceCrc) {
        byte[] all = prepared();
        if (all.length == 0) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all))) {
            if (in.readInt() != MAGIC) {
                return null;
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String docName = in.readUTF();
                int length = in.readInt();
                long crc = in.readLong();
                int size = in.readInt();
                if (docName.equals(name)) {
                    return !checked || (length == sourceLength && crc == sourceCrc) ? read(in) : null;
                }
                in.skipNBytes(size);
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // a damaged prepared form: the YAML is still there
        }
    }

    private static byte[] prepared() {
        byte[] all = prepared;
        if (all == null) {
            try (InputStream in = PreparedTables.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                all = in == null ? new byte[0] : in.readAllBytes();
            } catch (IOException e) {
                all = new byte[0];
            }
            prepared = all;
        }
        return all;
    }

    /** Build step: {@code PreparedTables <classes dir>} writes the prepared form of the YAML under that directory. */
    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args[0]);
        Map<String, Object> documents = new LinkedHashMap<>();
        Map<String, byte[]> texts = new LinkedHashMap<>();
        for (String table : TABLES) {
            String text = Files.readString(classes.resolve(table), StandardCharsets.UTF_8);
            texts.put(table, text.getBytes(StandardCharsets.UTF_8));
            documents.put(table, YamlData.parse(text, table));
        }
        Map<String, String> packTexts = new LinkedHashMap<>();
        String index = Files.readString(classes.resolve(RulePackLoader.BUILTIN_DIR + "packs.txt"), StandardCharsets.UTF_8);
        for (String line : index.split("\n")) {
            String pack = line.trim();
            if (!pack.isEmpty() && !pack.startsWith("#")) {
                String name = RulePackLoader.BUILTIN_DIR + pack;
                String text = Files.readString(classes.resolve(name), StandardCharsets.UTF_8);
                texts.put(name, text.getBytes(StandardCharsets.UTF_8));
                documents.put(name, RulePackLoader.parse(name, text));
                packTexts.put(name, text);
            }
        }
        // the tool-name index: which rules a command's name can reach (each pack's text checked by its own CRC)
        documents.put(RulePackIndex.RESOURCE, RulePackIndex.document(packTexts));
        texts.put(RulePackIndex.RESOURCE, new byte[0]);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(documents.size());
            for (Map.Entry<String, Object> document : documents.entrySet()) {
                ByteArrayOutputStream tree = new ByteArrayOutputStream();
                try (DataOutputStream treeOut = new DataOutputStream(tree)) {
                    write(treeOut, document.getValue(), document.getKey());
                }
                byte[] text = texts.get(document.getKey());
                out.writeUTF(document.getKey());
                out.writeInt(text.length);
                out.writeLong(crc(text));
                out.writeInt(tree.size());
                tree.writeTo(out);
            }
        }
        Path target = classes.resolve(RESOURCE);
        Files.createDirectories(target.getParent());
        Files.write(target, bytes.toByteArray());
    }

    /** The CRC-32 the prepared form keeps of each YAML text (also {@code RulePackIndex}'s, of each pack). */
    public static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private static void write(DataOutputStream out, Object value, String where) throws IOException {
        if (value == null) {
            out.writeByte('N');
        } else if (value instanceof String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            out.writeByte('S');
            out.writeInt(utf8.length);
            out.write(utf8);
        } else if (value instanceof Integer i) {
            out.writeByte('I');
            out.writeInt(i);
        } else if (value instanceof Long l) {
            out.writeByte('J');
            out.writeLong(l);
        } else if (value instanceof Double d) {
            out.writeByte('D');
            out.writeDouble(d);
        } else if (value instanceof Boolean b) {
            out.writeByte(b ? 'T' : 'F');
        } else if (value instanceof Map<?, ?> map) {
            out.writeByte('M');
            out.writeInt(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                write(out, e.getKey(), where);
                write(out, e.getValue(), where + "." + e.getKey());
            }
        } else if (value instanceof List<?> list) {
            out.writeByte('L');
            out.writeInt(list.size());
            for (Object item : list) {
                write(out, item, where);
            }
        } else {
            throw new IllegalStateException(where + ": a " + value.getClass().getName()
                + " value has no prepared form (use a string, number, boolean, list or mapping)");
        }
    }

    private static Object read(DataInputStream in) throws IOException {
        int tag = in.readByte();
        switch (tag) {
            case 'N':
                return null;
            case 'S': {
                byte[] utf8 = new byte[in.readInt()];
                in.readFully(utf8);
                return new String(utf8, StandardCharsets.UTF_8);
            }
            case 'I':
                return in.readInt();
            case 'J':
                return in.readLong();
            case 'D':
                return in.readDouble();
            case 'T':
                return Boolean.TRUE;
            case 'F':
                return Boolean.FALSE;
            case 'M': {
                int size = in.readInt();
                Map<Object, Object> map = new LinkedHashMap<>(size * 2);
                for (int i = 0; i < size; i++) {
                    Object key = read(in);
                    map.put(key, read(in));
                }
                return map;
            }
            case 'L': {
                int size = in.readInt();
                List<Object> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    list.add(read(in));
                }
                return list;
            }
            default:
                throw new UncheckedIOException(new IOException("damaged prepared form: tag " + tag));
        }
    }
}
