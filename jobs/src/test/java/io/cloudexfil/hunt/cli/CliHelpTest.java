package io.cloudexfil.hunt.cli;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/hunt --help and each command's --help read as whole sentences and paragraphs, within the
 * width they are laid out for, with an example per command.
 */
class CliHelpTest {

    private static List<CommandLine> commands() {
        CommandLine root = new CommandLine(new HuntCli());
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        root.getSubcommands().forEach((name, c) -> {
            if (!name.equals("help")) {
                all.add(c);
            }
        });
        return all;
    }

    @Test
    void everyDescriptionIsMadeOfWholeSentences() {
        for (CommandLine c : commands()) {
            for (String paragraph : c.getCommandSpec().usageMessage().description()) {
                String p = paragraph.strip();
                if (!p.isEmpty()) {
                    // a paragraph is one element, wrapped by the layout, never broken mid-sentence by hand
                    assertThat(p).as(c.getCommandName() + ": " + p).matches("(?s)[A-Z'].*[.:)]");
                }
            }
        }
    }

    @Test
    void everyCommandShowsAnExampleOfItself() {
        for (CommandLine c : commands()) {
            String help = help(c);
            String name = c.getCommandName().equals("hunt") ? "" : c.getCommandName() + " ";
            assertThat(help).as(c.getCommandName()).containsPattern("(?m)^Examples?.*:$")
                    .contains("bin/hunt " + name);
        }
    }

    @Test
    void noLineIsWiderThanTheLayout() {
        for (CommandLine c : commands()) {
            int width = c.getCommandSpec().usageMessage().width();
            for (String line : help(c).split("\\R")) {
                assertThat(line.length()).as(c.getCommandName() + ": " + line).isLessThanOrEqualTo(width);
            }
        }
    }

    private static String help(CommandLine c) {
        StringWriter s = new StringWriter();
        c.usage(new PrintWriter(s), CommandLine.Help.Ansi.OFF);
        return s.toString();
    }
}
