package dev.scatter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scatter.core.UsageException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/** The roff a small picocli command becomes: sections, fonts, and text that roff must not take for requests. */
class RoffManPageTest {

    @Command(name = "demo", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "demo 1.2.3", sortOptions = false,
            description = {"Do the démo thing… with ünïcode.", "A path like C:\\temp\\x stays as typed.",
                    ".starts with a dot", "'starts with a quote", "See @|bold the list|@ below.", ""},
            subcommands = {Demo.SubCmd.class, HelpCommand.class},
            footer = {"", "Examples:", "  demo --dry-run 'a b' > out.txt", "  .hidden-file", "",
                    "Exit codes: 0 ok, 2 usage."})
    static class Demo {
        @Option(names = {"-n", "--dry-run"}, description = "Print, run nothing.")
        boolean dryRun;

        @Option(names = "--max-tries", paramLabel = "N", defaultValue = "3", description = "Tries at most.")
        int tries;

        @Option(names = "--chunk", paramLabel = "N", defaultValue = "1", description = "Entries per task (default 1).")
        int chunk;

        @Option(names = "--secret-knob", hidden = true, description = "Not for the page.")
        boolean secret;

        @Parameters(paramLabel = "FILE", arity = "0..*", description = "Files to do.")
        List<String> files = new ArrayList<>();

        @Command(name = "sub-cmd", description = {"Start something in the background and print", "where it went.", ""})
        static class SubCmd {
        }
    }

    private static final LocalDate DATE = LocalDate.of(2024, 5, 17);
    private final CommandSpec demo = new CommandLine(new Demo()).getCommandSpec();
    private final String page = RoffManPage.render(demo, DATE);

    @Test
    void headerDeclaresUtf8AndNamesThePageVersionAndDate() {
        assertThat(page).startsWith(".\\\" -*- coding: UTF-8 -*-\n");
        assertThat(page).contains("\n.TH \"DEMO\" \"1\" \"2024\\-05\\-17\" \"demo 1.2.3\" \"demo manual\"\n");
        assertThat(RoffManPage.name(demo)).isEqualTo("demo");
        assertThat(RoffManPage.name(demo.subcommands().get("sub-cmd").getCommandSpec())).isEqualTo("demo-sub-cmd");
    }

    @Test
    void nameIsTheFirstDescriptionLineAndUnicodePassesThrough() {
        assertThat(page).contains(".SH \"NAME\"\ndemo \\- Do the démo thing… with ünïcode\n");
    }

    @Test
    void backslashesAreEscapedAndNoTextLineStartsLikeARequest() {
        assertThat(page).contains("A path like C:\\etemp\\ex stays as typed.");
        assertThat(page).contains("\n\\&.starts with a dot\n");
        assertThat(page).contains("\n\\(aqstarts with a quote\n");
        List<String> requests = List.of(".\\\"", ".TH ", ".SH ", ".TP", ".PP", ".RS ", ".RE", ".nf", ".fi", ".ad ", ".nh",
                ".IP ", ".BR ");
        assertThat(page.lines().filter(l -> l.startsWith(".") || l.startsWith("'")))
                .allSatisfy(l -> assertThat(requests).anySatisfy(r -> assertThat(l).startsWith(r)));
    }

    @Test
    void optionsHaveBoldNamesWithEscapedHyphensItalicLabelsAndDefaults() {
        assertThat(page).contains(".TP\n\\fB\\-n\\fR, \\fB\\-\\-dry\\-run\\fR\nPrint, run nothing.\n");
        assertThat(page).contains(".TP\n\\fB\\-\\-max\\-tries\\fR=\\fIN\\fR\nTries at most.\nDefault: \\fI3\\fR.\n");
        // the description speaks of the default already: not twice
        assertThat(page).contains(".TP\n\\fB\\-\\-chunk\\fR=\\fIN\\fR\nEntries per task (default 1).\n.TP");
        assertThat(page).contains("\\fB\\-h\\fR, \\fB\\-\\-help\\fR").contains("\\fB\\-V\\fR, \\fB\\-\\-version\\fR");
        assertThat(page).doesNotContain("secret").doesNotContain("Not for the page");
        assertThat(page).contains(".SH \"ARGUMENTS\"\n.TP\n\\fIFILE\\fR...\nFiles to do.\n");
    }

    @Test
    void synopsisIsPicocliSynopsisInBoldAndItalic() {
        assertThat(page).contains(".SH \"SYNOPSIS\"\n\\fBdemo\\fR [\\fB\\-hnV\\fR] [\\fB\\-\\-chunk\\fR=\\fIN\\fR]");
        assertThat(page).contains("[\\fIFILE\\fR...] [COMMAND]\n");
    }

    @Test
    void descriptionIsTheRestWithPicocliMarkupAsFonts() {
        assertThat(page).contains(".SH \"DESCRIPTION\"\nA path like");
        assertThat(page).contains("See \\fBthe list\\fR below.");
        assertThat(page).doesNotContain("@|");
    }

    @Test
    void footerSectionsKeepExamplesVerbatim() {
        assertThat(page).contains(".SH \"EXAMPLES\"\n.PP\n.RS 4\n.nf\n"
                + "demo \\-\\-dry\\-run \\(aqa b\\(aq > out.txt\n\\&.hidden\\-file\n.fi\n.RE\n");
        assertThat(page).contains(".SH \"EXIT CODES\"\n0 ok, 2 usage.\n");
    }

    @Test
    void commandsAndSeeAlsoNameTheSubcommandsPages() {
        assertThat(page).contains(".SH \"COMMANDS\"\n.TP\n\\fBsub\\-cmd\\fR\nStart something in the background and print\n");
        assertThat(page).contains(".TP\n\\fBhelp\\fR\nDisplay help information about the specified command\n");
        assertThat(page).endsWith(".SH \"SEE ALSO\"\n.BR \"demo\\-sub\\-cmd\" \"(1),\"\n.BR \"demo\\-help\" \"(1)\"\n");
    }

    @Test
    void aSubcommandPageNamesItsParentAndKeepsAWholeSentenceInItsDescription() {
        String sub = RoffManPage.render(demo.subcommands().get("sub-cmd").getCommandSpec(), DATE);
        assertThat(sub).contains(".TH \"DEMO\\-SUB\\-CMD\" \"1\" \"2024\\-05\\-17\" \"demo 1.2.3\" \"demo manual\"");
        assertThat(sub).contains("demo\\-sub\\-cmd \\- Start something in the background and print\n");
        // the first line is half a sentence: the description starts with it rather than mid-sentence
        assertThat(sub).contains(".SH \"DESCRIPTION\"\nStart something in the background and print\nwhere it went.\n");
        assertThat(sub).contains(".SH \"SEE ALSO\"\n.BR \"demo\" \"(1),\"\n.BR \"demo\\-help\" \"(1)\"\n");
        // the help options inherited from demo (scope INHERIT) are the sub-command's too
        assertThat(sub).contains("\\fB\\-h\\fR, \\fB\\-\\-help\\fR").contains("\\fB\\-V\\fR, \\fB\\-\\-version\\fR");
        assertThat(sub).contains(".SH \"SYNOPSIS\"\n\\fBdemo sub\\-cmd\\fR [\\fB\\-hV\\fR]\n");
        String help = RoffManPage.render(demo.subcommands().get("help").getCommandSpec(), DATE);
        assertThat(help).contains(".SH \"NAME\"\ndemo\\-help \\- Display help information about the specified command\n");
    }

    @Test
    void unknownCommandsAreUsageErrorsNamingTheChoices() {
        assertThat(ManCommand.find(demo, List.of("sub-cmd")).name()).isEqualTo("sub-cmd");
        assertThatThrownBy(() -> ManCommand.find(demo, List.of("bogus")))
                .isInstanceOf(UsageException.class).hasMessage("no command 'bogus': choose from sub-cmd, help");
        assertThatThrownBy(() -> ManCommand.find(demo, List.of("sub-cmd", "x")))
                .isInstanceOf(UsageException.class).hasMessage("no command 'sub-cmd x': demo sub-cmd has no commands");
    }
}
