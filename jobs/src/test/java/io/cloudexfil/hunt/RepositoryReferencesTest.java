package io.cloudexfil.hunt;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository explains itself: every reference in it can be followed from a checkout.
 * <ul>
 *   <li>no text file points at documents or folders that live outside the repository, or at an
 *       absolute path of a build machine;
 *   <li>every relative link in a markdown file reaches an existing file, and an {@code #anchor}
 *       into a markdown file names one of its headings (GitHub's rules);
 *   <li>every {@code udfs/SEMANTICS.md §N} / {@code sql/tables/README.md §N} citation names a
 *       numbered section that exists.
 * </ul>
 * Files are those git tracks (plus new, not ignored ones); without git, the tree minus
 * {@code .git} and {@code target}.
 */
class RepositoryReferencesTest {

    static final Path REPO = TestRepo.root();

    /**
     * Names of documents outside the repository that files once cited. Split in two so that this
     * file does not mention them itself.
     */
    static final List<String> OUTSIDE = List.of(
            "kql-semantics" + ".md", "telemetry" + ".md",
            "shared" + "/docs", "shared" + "/seed", "shared" + "/data");

    /** A build machine's absolute paths. */
    static final String WORK = "/" + "work/";
    static final String HOME = "/" + "home/";

    /** The project's own references that code cites by section, keyed by how citations name them. */
    static final Map<String, String> CITED_DOCS = Map.of(
            "udfs/SEMANTICS.md", "udfs/SEMANTICS.md",
            "SEMANTICS.md", "udfs/SEMANTICS.md",
            "sql/tables/README.md", "sql/tables/README.md",
            "tables/README.md", "sql/tables/README.md");

    static final Pattern DOC_NAME = Pattern.compile("[A-Za-z0-9_./-]*\\.md\\b");
    static final Pattern SECTION = Pattern.compile("§\\s*(\\d+(?:\\.\\d+)*)");
    static final Pattern INLINE_LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    static final Pattern LINK_DEFINITION = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");
    static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    static final Pattern NUMBERED_HEADING = Pattern.compile("^(\\d+(?:\\.\\d+)*)\\.?(?:\\s|$)");
    static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    @Test
    void noFileReferencesDocumentsOrPathsOutsideTheRepository() {
        List<String> found = new ArrayList<>();
        for (String file : textFiles().keySet()) {
            List<String> lines = textFiles().get(file);
            boolean markdown = file.endsWith(".md");
            boolean inFence = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String lower = line.toLowerCase(Locale.ROOT);
                if (markdown && isFence(line)) {
                    inFence = !inFence;
                }
                for (String name : OUTSIDE) {
                    if (lower.contains(name)) {
                        found.add(file + ":" + (i + 1) + ": mentions " + name);
                    }
                }
                if (line.contains(WORK)) {
                    found.add(file + ":" + (i + 1) + ": absolute path " + WORK);
                }
                for (int at = line.indexOf(HOME); at >= 0; at = line.indexOf(HOME, at + 1)) {
                    // GitHub Actions runners' home is a path in telemetry and in the tuning example, not this machine's
                    if (!quotedTelemetry(file, line, at, inFence) && !line.startsWith(HOME + "runner/", at)) {
                        found.add(file + ":" + (i + 1) + ": absolute path " + HOME);
                    }
                }
            }
        }
        assertThat(found).as("references to outside the repository").isEmpty();
    }

    @Test
    void everyRelativeMarkdownLinkResolves() {
        List<String> broken = new ArrayList<>();
        for (String file : markdownFiles()) {
            Path from = REPO.resolve(file);
            List<String> lines = withoutCode(textFiles().get(file));
            for (int i = 0; i < lines.size(); i++) {
                for (String target : linkTargets(lines.get(i))) {
                    String problem = problem(from, target);
                    if (problem != null) {
                        broken.add(file + ":" + (i + 1) + ": (" + target + ") " + problem);
                    }
                }
            }
        }
        assertThat(broken).as("broken markdown links").isEmpty();
        assertThat(markdownFiles()).as("markdown files seen").contains("README.md", "udfs/SEMANTICS.md",
                "sql/tables/README.md");
    }

    @Test
    void everySectionCitationNamesAnExistingSection() {
        Map<String, Set<String>> sections = new HashMap<>();
        for (String doc : new LinkedHashSet<>(CITED_DOCS.values())) {
            assertThat(REPO.resolve(doc)).as(doc).isRegularFile();
            sections.put(doc, sectionNumbers(lines(REPO.resolve(doc))));
            assertThat(sections.get(doc)).as("numbered sections of " + doc).isNotEmpty();
        }
        List<String> missing = new ArrayList<>();
        int citations = 0;
        for (Map.Entry<String, List<String>> e : textFiles().entrySet()) {
            String file = e.getKey();
            // A cited document's bare "§N" refers to itself.
            String self = CITED_DOCS.containsValue(file) ? file : null;
            List<String> lines = e.getValue();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher name = DOC_NAME.matcher(line);
                int start = 0;
                String doc = self;
                while (true) {
                    boolean more = name.find();
                    int end = more ? name.start() : line.length();
                    if (doc != null) {
                        Matcher s = SECTION.matcher(line.substring(start, end));
                        while (s.find()) {
                            citations++;
                            if (!sections.get(doc).contains(s.group(1))) {
                                missing.add(file + ":" + (i + 1) + ": " + doc + " §" + s.group(1));
                            }
                        }
                    }
                    if (!more) {
                        break;
                    }
                    doc = citedDoc(name.group());
                    start = name.end();
                }
            }
        }
        assertThat(citations).as("section citations found").isGreaterThan(100);
        assertThat(missing).as("citations of sections that do not exist").isEmpty();
    }

    // ---- citations ----

    /** The cited document a name in the text stands for, or null. */
    static String citedDoc(String name) {
        for (Map.Entry<String, String> e : CITED_DOCS.entrySet()) {
            if (name.equals(e.getKey()) || name.endsWith("/" + e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Numbers of the numbered headings ("## 3. has", "### 8.2 ...") of a markdown file. */
    static Set<String> sectionNumbers(List<String> lines) {
        Set<String> numbers = new LinkedHashSet<>();
        for (String line : withoutFences(lines)) {
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                Matcher n = NUMBERED_HEADING.matcher(h.group(2));
                if (n.find()) {
                    numbers.add(n.group(1));
                }
            }
        }
        return numbers;
    }

    // ---- links ----

    static List<String> linkTargets(String line) {
        List<String> targets = new ArrayList<>();
        Matcher m = INLINE_LINK.matcher(line);
        while (m.find()) {
            targets.add(m.group(1));
        }
        Matcher d = LINK_DEFINITION.matcher(line);
        if (d.matches()) {
            targets.add(d.group(1));
        }
        return targets;
    }

    /** Why a link target does not resolve from a markdown file, or null if it does. */
    static String problem(Path from, String target) {
        if (SCHEME.matcher(target).find()) {
            return null; // https:, mailto: ...
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        if (path.startsWith("/")) {
            return "absolute link";
        }
        Path to = path.isEmpty() ? from
                : from.getParent().resolve(URLDecoder.decode(path, StandardCharsets.UTF_8)).normalize();
        if (!to.startsWith(REPO)) {
            return "leaves the repository";
        }
        if (!Files.exists(to)) {
            return "no such file";
        }
        if (anchor != null && to.toString().endsWith(".md") && Files.isRegularFile(to)
                && !anchors(lines(to)).contains(anchor)) {
            return "no heading with anchor #" + anchor + " in " + REPO.relativize(to);
        }
        return null;
    }

    /** The anchors GitHub gives a markdown file's headings. */
    static Set<String> anchors(List<String> lines) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : withoutFences(lines)) {
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                String slug = slug(h.group(2));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }

    /**
     * GitHub's heading slug: the heading's text (links reduced to their text), lower-cased, every
     * character that is not a letter, digit, space, '-' or '_' dropped, spaces turned into '-'.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == ' ') {
                slug.append('-');
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            }
        });
        return slug.toString();
    }

    // ---- markdown text ----

    static boolean isFence(String line) {
        String t = line.stripLeading();
        return t.startsWith("```") || t.startsWith("~~~");
    }

    /** The lines with fenced code blocks blanked (a '#' there is no heading). */
    static List<String> withoutFences(List<String> lines) {
        List<String> out = new ArrayList<>(lines.size());
        boolean inFence = false;
        for (String line : lines) {
            boolean fence = isFence(line);
            if (fence) {
                inFence = !inFence;
            }
            out.add(fence || inFence ? "" : line);
        }
        return out;
    }

    /** The lines without fenced blocks and inline code spans (a link there is an example). */
    static List<String> withoutCode(List<String> lines) {
        return withoutFences(lines).stream().map(l -> l.replaceAll("(`+)(.+?)\\1", "")).collect(Collectors.toList());
    }

    /**
     * Real Linux command lines hold home folders: telemetry rows under test-data, string literals
     * of the generator, and command lines quoted as code in markdown. Anywhere else a home folder
     * is a build machine's path.
     */
    static boolean quotedTelemetry(String file, String line, int at, boolean inFence) {
        if (file.startsWith("test-data/") && (file.endsWith(".jsonl") || file.endsWith(".json"))) {
            return true;
        }
        if (file.endsWith(".java")) {
            return count(line, at, '"', true) % 2 == 1;
        }
        if (file.endsWith(".md")) {
            return inFence || count(line, at, '`', false) % 2 == 1;
        }
        return false;
    }

    /** How often {@code quote} occurs before {@code end}, not counting escaped ones if {@code escapes}. */
    static int count(String line, int end, char quote, boolean escapes) {
        int n = 0;
        for (int i = 0; i < end; i++) {
            if (escapes && line.charAt(i) == '\\') {
                i++;
            } else if (line.charAt(i) == quote) {
                n++;
            }
        }
        return n;
    }

    // ---- files ----

    private static Map<String, List<String>> textFiles;

    /** Every text file (no NUL byte) by repository-relative path, as lines. */
    static synchronized Map<String, List<String>> textFiles() {
        if (textFiles == null) {
            Map<String, List<String>> files = new TreeMap<>();
            for (String file : repositoryFiles()) {
                Path p = REPO.resolve(file);
                if (!Files.isRegularFile(p)) {
                    continue; // deleted, not yet committed
                }
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (isText(bytes)) {
                    files.put(file, new String(bytes, StandardCharsets.UTF_8).lines().collect(Collectors.toList()));
                }
            }
            assertThat(files).as("text files under " + REPO).containsKey("pom.xml");
            textFiles = files;
        }
        return textFiles;
    }

    static List<String> markdownFiles() {
        return textFiles().keySet().stream().filter(f -> f.endsWith(".md")).collect(Collectors.toList());
    }

    static List<String> lines(Path p) {
        String file = REPO.relativize(p).toString().replace('\\', '/');
        List<String> known = textFiles().get(file);
        if (known != null) {
            return known;
        }
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isText(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
            if (bytes[i] == 0) {
                return false;
            }
        }
        return true;
    }

    /** Tracked files and new files git does not ignore; the tree without .git and target/ when git is absent. */
    static List<String> repositoryFiles() {
        try {
            Process git = new ProcessBuilder("git", "-C", REPO.toString(), "ls-files", "-z",
                    "--cached", "--others", "--exclude-standard")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            byte[] out;
            try (InputStream in = git.getInputStream()) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                in.transferTo(buf);
                out = buf.toByteArray();
            }
            if (git.waitFor() == 0 && out.length > 0) {
                return Stream.of(new String(out, StandardCharsets.UTF_8).split("\0"))
                        .filter(s -> !s.isEmpty()).distinct().collect(Collectors.toList());
            }
        } catch (IOException e) {
            // no git: walk the tree
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        try (Stream<Path> walk = Files.walk(REPO)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> REPO.relativize(p).toString().replace('\\', '/'))
                    .filter(f -> !f.startsWith(".git/") && !f.equals(".git")
                            && !f.startsWith("target/") && !f.contains("/target/"))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
