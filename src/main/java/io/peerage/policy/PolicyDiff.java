package io.peerage.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A line diff between two sets of files, in the unified style people know from code review. */
public final class PolicyDiff {

    private PolicyDiff() {}

    public static String between(List<PolicyFile> before, List<PolicyFile> after) {
        Map<String, String> old = texts(before);
        Map<String, String> now = texts(after);
        TreeMap<String, Boolean> names = new TreeMap<>();
        old.keySet().forEach(name -> names.put(name, true));
        now.keySet().forEach(name -> names.put(name, true));
        StringBuilder diff = new StringBuilder();
        for (String name : names.keySet()) {
            String a = old.get(name);
            String b = now.get(name);
            if (a != null && a.equals(b)) {
                continue;
            }
            diff.append("--- ").append(a == null ? "/dev/null" : "a/" + name).append('\n');
            diff.append("+++ ").append(b == null ? "/dev/null" : "b/" + name).append('\n');
            lines(
                            a == null ? List.of() : List.of(a.split("\n", -1)),
                            b == null ? List.of() : List.of(b.split("\n", -1)))
                    .forEach(line -> diff.append(line).append('\n'));
        }
        return diff.toString();
    }

    /** Lines prefixed with ' ', '-' or '+', from a longest common subsequence; policy files are small. */
    static List<String> lines(List<String> a, List<String> b) {
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j))
                        ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            if (a.get(i).equals(b.get(j))) {
                i++;
                j++;
            } else if (common[i + 1][j] >= common[i][j + 1]) {
                out.add("-" + a.get(i++));
            } else {
                out.add("+" + b.get(j++));
            }
        }
        while (i < a.size()) {
            out.add("-" + a.get(i++));
        }
        while (j < b.size()) {
            out.add("+" + b.get(j++));
        }
        return out;
    }

    private static Map<String, String> texts(List<PolicyFile> files) {
        return files.stream().collect(Collectors.toMap(PolicyFile::name, PolicyFile::text, (x, y) -> y, TreeMap::new));
    }
}
