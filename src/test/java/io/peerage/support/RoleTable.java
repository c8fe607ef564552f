package io.peerage.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The table "Who may call what" of docs/api.md, read as data: the one table that the role matrix test checks every
 * endpoint against and that {@link Credentials} uses to give a test's request the credentials its endpoint asks for.
 */
public final class RoleTable {

    /** The columns after method and path, in order. */
    public static final List<String> CALLERS =
            List.of("node", "operator", "policy-author", "policy-admin", "auditor", "nobody");

    /** The people's roles, in the order {@link Credentials} prefers them. */
    public static final List<String> PEOPLE = List.of("operator", "policy-author", "policy-admin", "auditor");

    private static final Path DOC = Path.of("docs/api.md");
    private static final String HEADING = "## Who may call what";

    /**
     * One endpoint: its method, its path template, and per caller the cell: empty (refused), {@code yes},
     * {@code itself} (node only) or a qualified text such as the join's.
     */
    public record Row(String method, String path, Map<String, String> cells, Pattern pattern) {

        public boolean allows(String caller) {
            return !cells.get(caller).isEmpty();
        }

        /** Allowed without qualification: {@code yes}, or {@code itself} for a node. */
        public boolean plainly(String caller) {
            String cell = cells.get(caller);
            return cell.equals("yes") || cell.equals("itself");
        }

        public boolean qualified(String caller) {
            return allows(caller) && !plainly(caller);
        }

        public boolean matches(String method, String path) {
            return this.method.equalsIgnoreCase(method) && pattern.matcher(path).matches();
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static volatile List<Row> rows;

    private RoleTable() {}

    public static List<Row> rows() {
        List<Row> read = rows;
        if (read == null) {
            read = read();
            rows = read;
        }
        return read;
    }

    public static Optional<Row> find(String method, String path) {
        String bare = path.replaceFirst("^https?://[^/]+", "").replaceFirst("[?#].*$", "");
        return rows().stream().filter(row -> row.matches(method, bare)).findFirst();
    }

    private static List<Row> read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(DOC);
        } catch (IOException e) {
            throw new UncheckedIOException("the role table is read from " + DOC.toAbsolutePath(), e);
        }
        int start = lines.indexOf(HEADING);
        if (start < 0) {
            throw new IllegalStateException(DOC + " has no section '" + HEADING + "'");
        }
        List<Row> found = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("| method | path |")) {
                inTable = true;
                continue;
            }
            if (!inTable || line.startsWith("| ---")) {
                continue;
            }
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
            if (cells.length != 2 + CALLERS.size()) {
                throw new IllegalStateException("a row of the role table has " + cells.length + " cells: " + line);
            }
            Map<String, String> byCaller = new LinkedHashMap<>();
            for (int i = 0; i < CALLERS.size(); i++) {
                byCaller.put(CALLERS.get(i), cells[i + 2].strip());
            }
            String method = unquote(cells[0]);
            String path = unquote(cells[1]);
            Pattern pattern = Pattern.compile(path.replaceAll("\\{[^}]+}", "[^/]+"));
            found.add(new Row(method, path, byCaller, pattern));
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("the role table of " + DOC + " has no rows");
        }
        return List.copyOf(found);
    }

    private static String unquote(String cell) {
        return cell.strip().replace("`", "");
    }
}
